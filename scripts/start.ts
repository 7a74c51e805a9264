import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultUserDataDir } from '../src-main/user-data';
import { findElectronBinary } from './electron-binary';
import { HARNESS_ENTRY } from './harness-entry';

/**
 * `npm start`: CareDesk as a desktop app when an Electron binary is on this
 * machine; otherwise the same app (same services, same data folder) served to a
 * browser by the harness, so the README's run command always runs CareDesk.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { port: { type: 'string', default: '5199' } }, strict: false });

function run(args: string[]): void {
  const done = spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: 'inherit' });
  if (done.status !== 0) process.exit(done.status ?? 1);
}

function forward(child: ReturnType<typeof spawn>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectronBinary(root);
if (electron) {
  run(['scripts/build.ts']);
  // Electron keeps its data in the OS user-data folder (main.ts pins it to <appData>/CareDesk).
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  forward(spawn(electron, [root], { cwd: root, stdio: 'inherit', env }));
} else {
  const dataDir = defaultUserDataDir();
  console.log(
    `No Electron binary is available on this machine, so CareDesk runs in your browser through the harness instead (data in ${dataDir}).`,
  );
  run(['scripts/build.ts', 'renderer', 'harness']);
  // The harness program itself (src-main/harness/cli.ts, bundled) prints the URL to open.
  forward(
    spawn(process.execPath, [HARNESS_ENTRY, '--data-dir', dataDir, '--port', String(values.port)], {
      cwd: root,
      stdio: 'inherit',
    }),
  );
}
