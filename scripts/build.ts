import { build, type InlineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds the three bundles of the desktop app with Vite:
 *   renderer -> out/renderer (served by app:// in Electron, by the harness in a browser)
 *   main     -> out/main/index.cjs (Electron main process; better-sqlite3 stays external, it is native)
 *   preload  -> out/preload/index.cjs (sandboxed preload: CommonJS, no imports but electron)
 * `tsx scripts/build.ts renderer` builds only the renderer (the harness and the e2e tests need nothing else).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const at = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
// CAREDESK_OUT_DIR: build somewhere private (the Electronegativity check does, so it never races another build).
const out = (p: string) => (process.env.CAREDESK_OUT_DIR ? join(process.env.CAREDESK_OUT_DIR, p) : at(`out/${p}`));

const renderer: InlineConfig = {
  root: at('src-renderer'),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: { outDir: out('renderer'), emptyOutDir: true, target: 'chrome140', sourcemap: false },
};

const node = (
  entry: string,
  outDir: string,
  external: string[],
  output: { format: 'cjs' | 'es'; entryFileNames: string } = { format: 'cjs', entryFileNames: 'index.cjs' },
): InlineConfig => ({
  root,
  logLevel: 'warn',
  configFile: false,
  build: {
    ssr: at(entry),
    outDir,
    emptyOutDir: true,
    target: 'node22',
    sourcemap: false,
    rollupOptions: { external, output },
  },
  ssr: { noExternal: true, external },
});

const targets: Record<string, InlineConfig> = {
  renderer,
  main: node('src-main/electron/main.ts', out('main'), ['electron', 'better-sqlite3']),
  preload: node('src-main/electron/preload.ts', out('preload'), ['electron']),
  // The harness as one bundle, so `npm run web` and the e2e tests start it with plain node
  // instead of compiling TypeScript at every start (cold start is an issue budget). CommonJS,
  // not an ES module: Node's ES-module view of node:http reads every lazy export, which loads
  // undici (~40 ms of a start) for nothing. index.cjs (written below) starts it.
  harness: node('src-main/harness/cli.ts', out('harness'), ['better-sqlite3', 'electron'], {
    format: 'cjs',
    entryFileNames: 'harness.cjs',
  }),
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(targets)) {
  const config = targets[name];
  if (!config) throw new Error(`Unknown build target ${name}; one of ${Object.keys(targets).join(', ')}`);
  await build({ configFile: false, ...config });
  // database.ts finds its migrations beside the bundle (new URL('./migrations', import.meta.url)).
  if (name === 'main' || name === 'harness')
    cpSync(at('src-main/store/migrations'), out(`${name}/migrations`), { recursive: true });
  // Node's on-disk compile cache keeps the bundle's compiled code (code only, never data)
  // between starts, beside the bundle rather than in a shared temp folder another user could
  // write to. It must be on before the bundle is read, so a two-line entry turns it on.
  if (name === 'harness')
    writeFileSync(
      out('harness/index.cjs'),
      "require('node:module').enableCompileCache?.(require('node:path').join(__dirname, 'compile-cache'));\n" +
        "require('./harness.cjs');\n",
    );
  console.log(`built ${name}`);
}
