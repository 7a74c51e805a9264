import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARNESS_ENTRY } from '../../scripts/harness-entry';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Each bundle the tests drive, with the sources it is built from. */
const BUNDLES = {
  renderer: { output: 'out/renderer/index.html', sources: ['src-renderer', 'src-shared'] },
  harness: { output: HARNESS_ENTRY, sources: ['src-main', 'src-shared'] },
} as const;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Global setup of Playwright and of the vitest unit project: rebuild the renderer
 * and the harness bundle when a source is newer than the build, so no test ever
 * drives stale code. The build runs under flock, since several test runs may share
 * one working tree.
 */
export default function ensureWebBuild(): void {
  const stale = Object.entries(BUNDLES)
    .filter(([, { output, sources }]) => {
      const built = join(ROOT, output);
      if (!existsSync(built)) return true;
      const builtAt = statSync(built).mtimeMs;
      return sources.some((dir) => newestMtime(join(ROOT, dir)) > builtAt);
    })
    .map(([name]) => name);
  if (stale.length === 0) return;
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const done = spawnSync(
    'flock',
    [join(ROOT, 'out/.build.lock'), process.execPath, '--import', 'tsx', 'scripts/build.ts', ...stale],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (done.status !== 0) throw new Error(`Building ${stale.join(' and ')} for the tests failed (exit ${done.status})`);
}
