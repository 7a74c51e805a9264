import {
  app,
  type BrowserWindow,
  dialog,
  ipcMain,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startCtiFromPolicy, type CtiEndpoint } from '../calls/cti-endpoint';
import { popCallFromUrl } from '../calls/screen-pop';
import { adoptHarnessKeyFile } from '../key-protector/adopt-key-file';
import { envKeyProtector } from '../key-protector/env-key';
import { KeyProtectorError, type KeyProtector } from '../key-protector/key-protector';
import { databaseKey, rotateDatabaseKey } from '../key-protector/rotate';
import { passphraseWrapper } from '../key-protector/passphrase';
import { WRAPPED_KEY_FILE, wrappedKeyProtector } from '../key-protector/wrapped-key';
import type { Router } from '../ipc/router';
import { log } from '../log';
import { PolicyService } from '../policy/policy-service';
import { DATABASE_FILE, startCareDesk, type CareDesk } from '../services';
import { lockForSystemEvent } from '../session/system-lock';
import { StoreError } from '../store/database';
import { USER_DATA_FOLDER } from '../user-data';
import { APP_ENTRY_URL, APP_ORIGIN, DEEP_LINK_SCHEME } from './app-origin';
import { passphraseGate, UNLOCK_PAGES, UNLOCK_URL } from './passphrase-gate';
import { openAllowedExternal } from './external';
import { hardenSession, hardenWebContents } from './hardening';
import { exposeRouter, pushEvent } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { safeStorageWrapper } from './safe-storage';
import { createMainWindow, type AppUrl } from './window';

/**
 * CareDesk's main process: one instance, one window, every page served from
 * app://caredesk, every call through the shared router. Anything that stops the
 * store from being protected stops the app, with the reason on screen.
 */
const ROTATE_KEY_FLAG = '--rotate-database-key';

// Pinned, so the harness fallback of `npm start` (src-main/user-data.ts) finds the same folder.
app.setPath('userData', join(app.getPath('appData'), USER_DATA_FOLDER));
// Unpackaged runs (e2e smoke test, development) may pick their data folder and key; an installed app never does.
const testing = app.isPackaged ? {} : { dataDir: process.env.CAREDESK_USER_DATA_DIR, key: process.env.CAREDESK_DB_KEY };
if (testing.dataDir) app.setPath('userData', testing.dataDir);
// Every file the app makes (the store, its WAL, logs, the wrapped key) is for this OS user only.
process.umask(0o077);
// Every renderer sandboxed, whatever a future BrowserWindow forgets to say.
app.enableSandbox();
registerAppScheme(protocol);

let caredesk: CareDesk | null = null;
let window: BrowserWindow | null = null;
let cti: CtiEndpoint | null = null;
/** caredesk:// links that arrived before the store was open (a link can be what launched the app). */
const pendingLinks: string[] = deepLinksIn(process.argv);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (Windows/Linux deliver caredesk:// links this way) focuses the one window.
  app.on('second-instance', (_event, argv) => {
    focusWindow();
    deepLinksIn(argv).forEach(openDeepLink);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    focusWindow();
    openDeepLink(url);
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (url) => openAllowedExternal(shell, url)),
  );
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void cti?.close();
    caredesk?.close();
  });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');
  const databasePath = join(userData, DATABASE_FILE);
  const policyService = PolicyService.forUserData(userData);
  const policy = await policyService.load();
  for (const problem of policy.problems) log.warn({ problem }, 'IT policy problem');
  const preload = join(app.getAppPath(), 'out', 'preload', 'index.cjs');

  // Opens the store and hands IPC to the real router: from here on the app is the app.
  const open = (key: Buffer): CareDesk => {
    let opened: CareDesk;
    try {
      opened = startCareDesk({
        dataDir: userData,
        key,
        trustedOrigins: [APP_ORIGIN],
        hubUrl: policy.values.hubUrl ?? undefined,
        policy: policyService,
      });
    } finally {
      key.fill(0);
    }
    caredesk = opened;
    route = opened.router;
    // HIPAA automatic logoff also when the OS locks the screen or the machine sleeps.
    powerMonitor.on('lock-screen', () => lockForSystemEvent(opened.session, 'lock-screen'));
    powerMonitor.on('suspend', () => lockForSystemEvent(opened.session, 'suspend'));
    opened.events.on((name, payload) => {
      if (window) pushEvent(window.webContents, name, payload as never);
    });
    return opened;
  };
  const show = (url: AppUrl): BrowserWindow => {
    const created = createMainWindow(preload, { devTools: !app.isPackaged, url });
    created.on('closed', () => (window = null));
    created.webContents.on('did-finish-load', () => {
      if (caredesk) pendingLinks.splice(0).forEach(openDeepLink);
    });
    return (window = created);
  };

  hardenSession(session.defaultSession);
  serveRenderer(protocol, join(app.getAppPath(), 'out', 'renderer'), UNLOCK_PAGES);
  // Until the store is open nothing answers but the passphrase gate (or nothing at all).
  let route: Router = () =>
    Promise.resolve({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'CareDesk is starting' } });
  exposeRouter(ipcMain, (channel, input, sender) => route(channel, input, sender));

  if (policy.values.passphraseMode && testing.key === undefined) {
    if (process.argv.includes(ROTATE_KEY_FLAG))
      return refuse(
        'CareDesk cannot rotate the key here',
        'In passphrase mode, rotate the key with IT (docs/key-recovery.md).',
      );
    let typed = '';
    const protector = wrappedKeyProtector(
      passphraseWrapper(() => Promise.resolve(typed)),
      userData,
    );
    const gateWindow = show(UNLOCK_URL);
    route = passphraseGate({
      firstRun: () => !existsSync(join(userData, WRAPPED_KEY_FILE)),
      unlock: async (passphrase) => {
        typed = passphrase;
        try {
          open(await databaseKey(protector, databasePath));
          void gateWindow.loadURL(APP_ENTRY_URL);
          await startPhoneSystem(policy.values.ctiEndpointEnabled);
          return null;
        } catch (error) {
          if (error instanceof KeyProtectorError || error instanceof StoreError) return error.message;
          log.error({ errorName: (error as Error)?.name }, 'unlock failed');
          return 'CareDesk could not open its data';
        } finally {
          typed = '';
        }
      },
    });
    return;
  }

  const protector = keyProtectorFor(userData);
  const unavailable = await protector.unavailableReason();
  if (unavailable) return refuse('CareDesk cannot protect patient information on this computer', unavailable);

  if (process.argv.includes(ROTATE_KEY_FLAG)) {
    await rotateDatabaseKey(protector, databasePath);
    await dialog.showMessageBox({ type: 'info', message: 'The CareDesk database key was replaced.' });
    app.quit();
    return;
  }

  if (!app.isPackaged && (await adoptHarnessKeyFile(protector, userData)))
    log.info('took the harness key file into the OS keystore');
  open(await databaseKey(protector, databasePath));
  show(APP_ENTRY_URL);
  await startPhoneSystem(policy.values.ctiEndpointEnabled);
}

async function startPhoneSystem(enabled: boolean): Promise<void> {
  if (!caredesk) return;
  const phoneSystem = await startCtiFromPolicy(caredesk.events, enabled);
  if (phoneSystem.problem) log.warn({ problem: phoneSystem.problem }, 'CTI endpoint');
  cti = phoneSystem.endpoint;
}

function deepLinksIn(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
}

/** caredesk://call?from=<number> opens a call entry; anything else is ignored (src-shared/calls/screen-pop.ts). */
function openDeepLink(url: string): void {
  if (!caredesk || !window) {
    pendingLinks.push(url);
    return;
  }
  const result = popCallFromUrl(caredesk.events, url);
  if (!result.ok) log.warn({ reason: result.message }, 'ignored a caredesk:// link');
}

function keyProtectorFor(userData: string): KeyProtector {
  if (testing.key !== undefined) return envKeyProtector(testing.key);
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
