import { app, type BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import type { EffectivePolicy } from '../../src-shared/policy/schema';
import { KeyProtectorError, type KeyProtector } from '../key-protector/key-protector';
import { databaseKey, rotateDatabaseKey } from '../key-protector/rotate';
import { wrappedKeyProtector } from '../key-protector/wrapped-key';
import { log } from '../log';
import { PolicyService } from '../policy/policy-service';
import { DATABASE_FILE, startCareDesk, type CareDesk } from '../services';
import { StoreError } from '../store/database';
import { USER_DATA_FOLDER } from '../user-data';
import { APP_ORIGIN } from './app-origin';
import { openAllowedExternal } from './external';
import { hardenSession, hardenWebContents } from './hardening';
import { exposeRouter } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { safeStorageWrapper } from './safe-storage';
import { createMainWindow } from './window';

/**
 * CareDesk's main process: one instance, one window, every page served from
 * app://caredesk, every call through the shared router. Anything that stops the
 * store from being protected stops the app, with the reason on screen.
 */
const ROTATE_KEY_FLAG = '--rotate-database-key';

// Pinned, so the harness fallback of `npm start` (src-main/user-data.ts) finds the same folder.
app.setPath('userData', join(app.getPath('appData'), USER_DATA_FOLDER));
// Every renderer sandboxed, whatever a future BrowserWindow forgets to say.
app.enableSandbox();
registerAppScheme(protocol);

let caredesk: CareDesk | null = null;
let window: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  // caredesk:// links (registered by the installers) only bring CareDesk forward; they carry no actions yet.
  app.on('open-url', (event) => {
    event.preventDefault();
    focusWindow();
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (url) => openAllowedExternal(shell, url)),
  );
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => caredesk?.close());
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const databasePath = join(userData, DATABASE_FILE);
  const policy = await PolicyService.forUserData(userData).load();
  for (const problem of policy.problems) log.warn({ problem }, 'IT policy problem');

  const protector = keyProtectorFor(policy, userData);
  const unavailable = await protector.unavailableReason();
  if (unavailable) return refuse('CareDesk cannot protect patient information on this computer', unavailable);

  if (process.argv.includes(ROTATE_KEY_FLAG)) {
    await rotateDatabaseKey(protector, databasePath);
    await dialog.showMessageBox({ type: 'info', message: 'The CareDesk database key was replaced.' });
    app.quit();
    return;
  }

  const key = await databaseKey(protector, databasePath);
  try {
    caredesk = startCareDesk({ dataDir: userData, key, trustedOrigins: [APP_ORIGIN] });
  } finally {
    key.fill(0);
  }

  hardenSession(session.defaultSession);
  serveRenderer(protocol, join(app.getAppPath(), 'out', 'renderer'));
  exposeRouter(ipcMain, caredesk.router);
  window = createMainWindow(join(app.getAppPath(), 'out', 'preload', 'index.cjs'), { devTools: !app.isPackaged });
  window.on('closed', () => (window = null));
}

function keyProtectorFor(policy: EffectivePolicy, userData: string): KeyProtector {
  if (policy.values.passphraseMode) {
    // The passphrase prompt screen is not built yet (see docs/decisions/0203-key-protector.md).
    return {
      kind: 'passphrase',
      unavailableReason: () =>
        Promise.resolve(
          'IT policy sets passphrase mode, and this version of CareDesk cannot ask for a passphrase yet.',
        ),
      loadKey: () => Promise.reject(new KeyProtectorError('KEY_UNAVAILABLE', 'no passphrase prompt')),
      storeKey: () => Promise.reject(new KeyProtectorError('KEY_UNAVAILABLE', 'no passphrase prompt')),
      loadPreviousKey: () => Promise.resolve(null),
      forgetPreviousKey: () => Promise.resolve(),
    };
  }
  return wrappedKeyProtector(safeStorageWrapper(safeStorage, process.platform), userData);
}

function focusWindow(): void {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}

function refuse(title: string, reason: string): void {
  log.error({ title }, 'refusing to start');
  dialog.showErrorBox(title, reason);
  app.quit();
}

function fail(error: unknown): void {
  // Store and key errors carry messages written for people; anything else gets a generic one (it may hold PHI).
  const known = error instanceof StoreError || error instanceof KeyProtectorError;
  log.error({ errorName: (error as Error)?.name, code: (error as { code?: string })?.code }, 'CareDesk failed');
  refuse(
    'CareDesk could not start',
    known ? (error as Error).message : 'An unexpected error stopped CareDesk. IT can find details in the log.',
  );
}
