import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder name under the OS's per-user application data folder. */
export const USER_DATA_FOLDER = 'CareDesk';

/**
 * Where CareDesk keeps its data for this OS user: the same folder Electron's
 * `app.getPath('userData')` gives once main.ts pins it to `<appData>/CareDesk`
 * (%APPDATA%, ~/Library/Application Support, $XDG_CONFIG_HOME or ~/.config).
 * Computed without Electron so `npm start`'s harness fallback uses the same folder.
 */
export function defaultUserDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), USER_DATA_FOLDER);
    case 'darwin':
      return join(home, 'Library', 'Application Support', USER_DATA_FOLDER);
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), USER_DATA_FOLDER);
  }
}
