import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles an entry the way scripts/build.ts bundles main and preload (CommonJS
 * for Node/Electron, only the listed modules external) into `outDir`, or into a
 * private temp folder whose bundle text is returned. Private folders keep tests
 * from racing other builds of out/ in the shared tree.
 */
export async function bundleTo(entry: string, external: string[], outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      ssr: join(ROOT, entry),
      outDir,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { external, output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
    ssr: { noExternal: true, external },
  });
  return join(outDir, 'index.cjs');
}

export async function bundle(entry: string, external: string[]): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'caredesk-bundle-'));
  try {
    return readFileSync(await bundleTo(entry, external, outDir), 'utf8');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
