import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { secureWebPreferences } from './web-preferences';

/** The one CareDesk window, loaded from `app://caredesk` (never `file://`). */
export function createMainWindow(preload: string, options: { devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    title: 'CareDesk',
    show: false,
    webPreferences: secureWebPreferences(preload, options),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
