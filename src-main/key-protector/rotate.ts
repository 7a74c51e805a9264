import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { KEY_BYTES, keyCheck } from '../store/database';
import { keyThatOpens, rekeyDatabase, writeKeyCheck } from '../store/rekey';
import { KeyProtectorError, type KeyProtector } from './key-protector';

/**
 * Re-keys the store (IT's "rotate the database key" command). Crash-safe in
 * three steps: (1) the new key is kept by the protector, the old one kept beside
 * it as `previous`; (2) `PRAGMA rekey`; (3) `previous` is forgotten. A crash at
 * any point leaves a key that opens the file, and `databaseKey` finishes the job
 * on the next start.
 */
export async function rotateDatabaseKey(protector: KeyProtector, databasePath: string): Promise<void> {
  const oldKey = await databaseKey(protector, databasePath);
  const newKey = randomBytes(KEY_BYTES);
  await protector.storeKey(newKey);
  rekeyDatabase(databasePath, oldKey, newKey);
  await protector.forgetPreviousKey();
}

/**
 * The key that opens this workstation's store. Normally the protector's current
 * key; after a rotation a crash interrupted, the previous key may still be the
 * one the file needs, and the rotation is completed here before anything opens it.
 */
export async function databaseKey(protector: KeyProtector, databasePath: string): Promise<Buffer> {
  const current = await protector.loadKey();
  const previous = await protector.loadPreviousKey();
  if (!previous || !existsSync(databasePath)) return current;
  const checkPath = `${databasePath}.keycheck`;
  if (existsSync(checkPath) && readFileSync(checkPath).equals(keyCheck(current))) {
    await protector.forgetPreviousKey();
    return current;
  }
  const opens = keyThatOpens(databasePath, [current, previous]);
  if (opens === current) writeKeyCheck(databasePath, current);
  else if (opens === previous) rekeyDatabase(databasePath, previous, current);
  else throw new KeyProtectorError('KEY_UNWRAP_FAILED', 'Neither the current nor the previous key opens the store');
  await protector.forgetPreviousKey();
  return current;
}
