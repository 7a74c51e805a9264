import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_BYTES } from '../store/database';
import { WRAPPED_KEY_FILE } from './wrapped-key';
import type { KeyProtector } from './key-protector';

/**
 * Development machines only: `npm start` without an Electron binary runs the
 * harness on the same user-data folder, which keeps its key in `db.key` (hex,
 * 0600; src-main/harness/key-file.ts). When the desktop app later starts there,
 * it takes that key into its own protector and deletes the plain file, instead of
 * making a new key that cannot open the existing store. The packaged app never
 * calls this (main.ts: only when !app.isPackaged).
 */
export async function adoptHarnessKeyFile(protector: KeyProtector, dataDir: string): Promise<boolean> {
  const keyFile = join(dataDir, 'db.key');
  if (existsSync(join(dataDir, WRAPPED_KEY_FILE)) || !existsSync(keyFile)) return false;
  const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
  if (key.length !== KEY_BYTES) return false;
  await protector.storeKey(key);
  await rm(keyFile);
  return true;
}
