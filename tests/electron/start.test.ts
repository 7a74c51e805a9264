import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../../scripts/electron-binary';
import { defaultUserDataDir } from '../../src-main/user-data';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
  folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-start-'));
  folders.push(dir);
  return dir;
}

describe('finding an Electron binary without requiring electron', () => {
  it('finds the executable the electron package would run', () => {
    const root = folder();
    mkdirSync(join(root, 'node_modules/electron/dist'), { recursive: true });
    expect(findElectronBinary(root, {}, 'linux')).toBeNull();
    writeFileSync(join(root, 'node_modules/electron/dist/electron'), '');
    expect(findElectronBinary(root, {}, 'linux')).toBe(join(root, 'node_modules/electron/dist/electron'));
  });

  it('honours path.txt and ELECTRON_OVERRIDE_DIST_PATH like the package does', () => {
    const root = folder();
    mkdirSync(join(root, 'node_modules/electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules/electron/path.txt'), 'Electron.app/Contents/MacOS/Electron');
    const override = join(root, 'custom');
    mkdirSync(join(override, 'Electron.app/Contents/MacOS'), { recursive: true });
    writeFileSync(join(override, 'Electron.app/Contents/MacOS/Electron'), '');
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'darwin')).toBe(
      join(override, 'Electron.app/Contents/MacOS/Electron'),
    );
  });
});

describe('the OS user-data folder', () => {
  it('is <appData>/CareDesk on every desktop, as Electron sees it', () => {
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\pcc\\AppData\\Roaming' }, 'C:\\Users\\pcc')).toBe(
      join('C:\\Users\\pcc\\AppData\\Roaming', 'CareDesk'),
    );
    expect(defaultUserDataDir('darwin', {}, '/Users/pcc')).toBe('/Users/pcc/Library/Application Support/CareDesk');
    expect(defaultUserDataDir('linux', {}, '/home/pcc')).toBe('/home/pcc/.config/CareDesk');
    expect(defaultUserDataDir('linux', { XDG_CONFIG_HOME: '/srv/cfg' }, '/home/pcc')).toBe('/srv/cfg/CareDesk');
  });
});

describe('npm start without an Electron binary', () => {
  it(
    'says so in one line, then serves CareDesk from the OS user-data folder and prints the URL',
    { timeout: 300_000 },
    async () => {
      const home = folder();
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--port', '0'], {
        cwd: ROOT,
        env: {
          ...process.env,
          HOME: home,
          XDG_CONFIG_HOME: join(home, '.config'),
          ELECTRON_OVERRIDE_DIST_PATH: join(home, 'no-electron-here'),
          CAREDESK_LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const look = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const match = /CareDesk harness: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', look);
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
      });

      const lines = output.split('\n').filter((l) => /electron/i.test(l));
      expect(lines).toEqual([
        `No Electron binary is available on this machine, so CareDesk runs in your browser through the harness instead (data in ${join(home, '.config', 'CareDesk')}).`,
      ]);
      expect(existsSync(join(home, '.config', 'CareDesk', 'caredesk.db'))).toBe(true);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    },
  );
});
