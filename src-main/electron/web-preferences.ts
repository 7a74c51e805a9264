import type { WebPreferences } from 'electron';

/**
 * The one set of webPreferences CareDesk's window uses. Written out in full, not
 * left to defaults, so a reader (and tests/electron/shell-sources.test.ts) sees
 * every security-relevant flag.
 */
export function secureWebPreferences(preload: string, options: { devTools: boolean }): WebPreferences {
  return {
    preload,
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
    // Chromium's Linux spellchecker downloads dictionaries from Google; words typed here are PHI-adjacent.
    spellcheck: false,
    devTools: options.devTools,
  };
}
