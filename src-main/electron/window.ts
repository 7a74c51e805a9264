import { BrowserWindow } from 'electron';

/** Only our own pages: the app, or the passphrase unlock screen. */
export type AppUrl = `app://caredesk/${string}`;

/**
 * The one CareDesk window, loaded from `app://caredesk` (never `file://`). Every
 * security-relevant webPreference is written out here as a literal, not left to
 * defaults or built elsewhere, so a reader, Electronegativity and
 * tests/electron/shell-sources.test.ts all see the same flags.
 */
export function createMainWindow(preload: string, options: { devTools: boolean; url: AppUrl }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'CareDesk',
    show: false,
    webPreferences: {
      // Reviewed: exposes only invoke/subscribe (tests/electron/shell-sources.test.ts holds it to that).
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      // Chromium's Linux spellchecker downloads dictionaries from Google; what is typed here is PHI.
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}
