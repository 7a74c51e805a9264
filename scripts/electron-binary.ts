import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the electron npm package puts its executable inside `dist/` on each OS. */
function defaultExecutable(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/**
 * The Electron executable on disk, or null. Reads what the electron package's own
 * index.js reads (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH) WITHOUT requiring
 * it: requiring 'electron' under Node downloads the binary when it is missing.
 */
export function findElectronBinary(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : defaultExecutable(platform);
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const binary = join(dist, executable);
  return existsSync(binary) ? binary : null;
}
