import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_KEYSTORE_LINUX } from '../../src-main/electron/safe-storage';
import { bundleTo } from '../support/bundle';

/**
 * The real main-process bundle (src-main/electron/main.ts, built as for the app)
 * started under Node against a stand-in for Electron's API: what it registers,
 * where it keeps data, what it refuses. Electron's binary is not needed.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let workspace: string;
let bundlePath: string;

beforeAll(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'caredesk-main-'));
  bundlePath = await bundleTo('src-main/electron/main.ts', ['electron', 'better-sqlite3'], join(workspace, 'main'));
  cpSync(join(ROOT, 'src-main/store/migrations'), join(workspace, 'main/migrations'), { recursive: true });
  // The bundle's two externals: our stand-in for electron, the real native store module.
  mkdirSync(join(workspace, 'node_modules/electron'), { recursive: true });
  // Node caches this module, so it forwards to whichever stand-in the current test installed.
  writeFileSync(
    join(workspace, 'node_modules/electron/index.js'),
    'module.exports = new Proxy({}, { get: (_, name) => globalThis.__electronStandIn[name] });',
  );
  symlinkSync(join(ROOT, 'node_modules/better-sqlite3'), join(workspace, 'node_modules/better-sqlite3'), 'dir');
}, 120_000);
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

function standIn(options: { backend: string; packaged?: boolean; appData?: string }) {
  const appData = options.appData ?? mkdtempSync(join(workspace, 'appData-'));
  const paths: Record<string, string> = { appData };
  const ipc = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const errors: Array<[string, string]> = [];
  const windows: Array<{ options: { webPreferences: Record<string, unknown> }; url?: string }> = [];
  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  let quit = false;
  const powerMonitor = new EventEmitter();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.packaged ?? false,
    setPath: (name: string, path: string) => (paths[name] = path),
    getPath: (name: string) => paths[name],
    getAppPath: () => join(workspace, 'app'),
    enableSandbox() {},
    requestSingleInstanceLock: () => true,
    quit: () => (quit = true),
    whenReady: () => Promise.resolve(),
  });
  const osSecret = 'os';
  const session = Object.assign(new EventEmitter(), {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    setDisplayMediaRequestHandler() {},
  });
  class BrowserWindow extends EventEmitter {
    webContents = Object.assign(new EventEmitter(), {
      mainFrame: { url: 'app://caredesk/index.html' },
      isDestroyed: () => false,
      send() {},
    });
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      (this as { url?: string }).url = url;
      return Promise.resolve();
    }
  }
  (globalThis as Record<string, unknown>).__electronStandIn = {
    app,
    BrowserWindow,
    dialog: { showErrorBox: (title: string, message: string) => errors.push([title, message]) },
    ipcMain: { handle: (name: string, fn: never) => ipc.set(name, fn) },
    powerMonitor,
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => schemes.push(...s),
      handle: (scheme: string, fn: never) => protocolHandlers.set(scheme, fn),
    },
    safeStorage: {
      getSelectedStorageBackend: () => options.backend,
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(`${osSecret}:${text}`)),
      decryptStringAsync: (blob: Buffer) =>
        Promise.resolve({ result: blob.toString().slice(osSecret.length + 1), shouldReEncrypt: false }),
    },
    session: { defaultSession: session },
    shell: { openExternal: () => Promise.resolve() },
  };
  return { app, appData, paths, ipc, errors, windows, schemes, protocolHandlers, powerMonitor, quit: () => quit };
}

/** Loads a fresh copy of the bundle (as Electron would at launch) and waits for start-up to settle. */
async function launch(electron: ReturnType<typeof standIn>) {
  const copy = join(workspace, 'main', `index-${Math.random().toString(36).slice(2)}.cjs`);
  cpSync(bundlePath, copy);
  createRequire(import.meta.url)(copy);
  for (let i = 0; i < 200 && electron.windows.length === 0 && electron.errors.length === 0; i++)
    await new Promise((r) => setTimeout(r, 25));
}

const fromPage = (url = 'app://caredesk/index.html') => ({
  senderFrame: { url, parent: null, isDestroyed: () => false },
});

describe('the main process, started against a stand-in for Electron', () => {
  it("refuses to hold PHI on Linux's basic_text keystore: says why, quits, creates nothing", async () => {
    const electron = standIn({ backend: 'basic_text' });
    await launch(electron);
    if (process.platform !== 'linux') return; // the backend is a Linux notion
    expect(electron.errors).toEqual([
      ['CareDesk cannot protect patient information on this computer', NO_KEYSTORE_LINUX],
    ]);
    expect(electron.quit()).toBe(true);
    expect(electron.windows).toEqual([]);
    // The IPC door exists but nothing behind it answers: there are no services.
    expect(await electron.ipc.get('caredesk:invoke')!(fromPage(), 'session.state', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(existsSync(join(electron.appData, 'CareDesk'))).toBe(false);
  });

  it('keeps data in <appData>/CareDesk, wires one IPC handler and one sandboxed app:// window', async () => {
    const electron = standIn({ backend: 'gnome_libsecret' });
    await launch(electron);
    expect(electron.errors).toEqual([]);
    const userData = join(electron.appData, 'CareDesk');
    expect(electron.paths.userData).toBe(userData);
    expect(readdirSync(userData)).toEqual(expect.arrayContaining(['caredesk.db', 'db.key.wrapped']));
    expect(readdirSync(userData)).not.toContain('db.key');

    expect(electron.schemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect([...electron.protocolHandlers.keys()]).toEqual(['app']);
    expect([...electron.ipc.keys()]).toEqual(['caredesk:invoke']);

    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window!.url).toBe('app://caredesk/index.html');
    expect(window!.options.webPreferences).toMatchObject({
      preload: join(workspace, 'app', 'out', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });

    const invoke = electron.ipc.get('caredesk:invoke')!;
    expect(await invoke(fromPage(), 'session.state', {})).toMatchObject({ ok: true });
    expect(await invoke(fromPage('https://evil.example/'), 'session.state', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await invoke(fromPage(), 'policy.current', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    electron.app.emit('will-quit');
  });

  it('locks the session when the OS locks the screen or the machine sleeps (powerMonitor)', async () => {
    process.env.CAREDESK_BOOTSTRAP_ADMIN = 'it.admin:a long enough password';
    try {
      const electron = standIn({ backend: 'gnome_libsecret' });
      await launch(electron);
      const invoke = electron.ipc.get('caredesk:invoke')!;
      const state = async () => ((await invoke(fromPage(), 'session.state', {})) as { value: { state: string } }).value;
      expect(
        await invoke(fromPage(), 'session.signIn', { username: 'it.admin', password: 'a long enough password' }),
      ).toMatchObject({ ok: true, value: { state: 'active' } });
      electron.powerMonitor.emit('lock-screen');
      expect(await state()).toMatchObject({ state: 'locked' });
      await invoke(fromPage(), 'session.unlock', { password: 'a long enough password' });
      expect(await state()).toMatchObject({ state: 'active' });
      electron.powerMonitor.emit('suspend');
      expect(await state()).toMatchObject({ state: 'locked' });
      electron.app.emit('will-quit');
    } finally {
      delete process.env.CAREDESK_BOOTSTRAP_ADMIN;
    }
  });

  it('ignores CAREDESK_USER_DATA_DIR and CAREDESK_DB_KEY in a packaged app', async () => {
    const elsewhere = mkdtempSync(join(workspace, 'elsewhere-'));
    process.env.CAREDESK_USER_DATA_DIR = elsewhere;
    process.env.CAREDESK_DB_KEY = 'ab'.repeat(32);
    try {
      const electron = standIn({ backend: 'kwallet6', packaged: true });
      await launch(electron);
      expect(electron.paths.userData).toBe(join(electron.appData, 'CareDesk'));
      expect(readdirSync(join(electron.appData, 'CareDesk'))).toContain('db.key.wrapped');
      expect(readdirSync(elsewhere)).toEqual([]);
      electron.app.emit('will-quit');
    } finally {
      delete process.env.CAREDESK_USER_DATA_DIR;
      delete process.env.CAREDESK_DB_KEY;
    }
  });

  it(
    'in passphrase mode, shows only the unlock screen until the right passphrase opens the store',
    { timeout: 240_000 },
    async () => {
      const appData = mkdtempSync(join(workspace, 'appData-'));
      mkdirSync(join(appData, 'CareDesk'));
      writeFileSync(join(appData, 'CareDesk', 'settings.json'), JSON.stringify({ passphraseMode: true }));

      // First run: choose a passphrase.
      const first = standIn({ backend: 'basic_text', appData }); // no keystore needed in this mode
      await launch(first);
      expect(first.errors).toEqual([]);
      expect(first.windows[0]!.url).toBe('app://caredesk/unlock.html');
      const page = await first.protocolHandlers.get('app')!(new Request('app://caredesk/unlock.html'));
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<label for="passphrase">Passphrase</label>');

      const invoke = first.ipc.get('caredesk:invoke')!;
      expect(await invoke(fromPage('app://caredesk/unlock.html'), 'keystore.state', {})).toEqual({
        ok: true,
        value: { firstRun: true },
      });
      expect(await invoke(fromPage(), 'session.state', {})).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
      expect(
        await invoke(fromPage(), 'keystore.unlock', {
          passphrase: 'a clinic passphrase',
          confirmation: 'a clinic passphrase!',
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { confirmation: 'The passphrases do not match' } },
      });
      expect(await invoke(fromPage(), 'keystore.unlock', { passphrase: 'short', confirmation: 'short' })).toMatchObject(
        {
          ok: false,
          error: { message: 'The passphrase must have at least 12 characters' },
        },
      );
      expect(readdirSync(join(appData, 'CareDesk'))).toEqual(['settings.json']);
      const chosen = { passphrase: 'a clinic passphrase', confirmation: 'a clinic passphrase' };
      expect(await invoke(fromPage(), 'keystore.unlock', chosen)).toEqual({ ok: true, value: null });
      expect(first.windows[0]!.url).toBe('app://caredesk/index.html');
      expect(await invoke(fromPage(), 'session.state', {})).toMatchObject({ ok: true });
      expect(readdirSync(join(appData, 'CareDesk'))).toEqual(expect.arrayContaining(['caredesk.db', 'db.key.wrapped']));
      first.app.emit('will-quit');

      // Next start: a wrong passphrase is refused and opens nothing; the right one opens the same store.
      const again = standIn({ backend: 'basic_text', appData });
      await launch(again);
      const unlock = again.ipc.get('caredesk:invoke')!;
      expect(await unlock(fromPage(), 'keystore.state', {})).toEqual({ ok: true, value: { firstRun: false } });
      expect(await unlock(fromPage(), 'keystore.unlock', { passphrase: 'a clinic passphrasE' })).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: 'The passphrase is wrong' },
      });
      expect(again.windows[0]!.url).toBe('app://caredesk/unlock.html');
      expect(
        await unlock(fromPage('https://evil.example/'), 'keystore.unlock', { passphrase: 'a clinic passphrase' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
      expect(await unlock(fromPage(), 'keystore.unlock', { passphrase: 'a clinic passphrase' })).toEqual({
        ok: true,
        value: null,
      });
      expect(await unlock(fromPage(), 'session.state', {})).toMatchObject({ ok: true });
      again.app.emit('will-quit');
    },
  );
});
