import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { renameSync, writeFileSync } from 'node:fs';
import { KEY_BYTES, keyCheck, keyConnection, openDatabase } from './database';

const hex = (key: Buffer) => key.toString('hex');

/** The key-check file beside the database (see database.ts), replaced atomically. */
export function writeKeyCheck(databasePath: string, key: Buffer): void {
  const path = `${databasePath}.keycheck`;
  writeFileSync(`${path}.tmp`, keyCheck(key), { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

/**
 * Re-encrypts every page of the store under a new key with `PRAGMA rekey`.
 * The store is first opened the normal way (old key verified, integrity checked),
 * the WAL is checkpointed and set aside so no frame under the old key survives,
 * and SQLite's rollback journal makes the rekey itself all-or-nothing. Callers
 * keep the new key safe BEFORE calling this (rotate.ts does).
 */
export function rekeyDatabase(databasePath: string, oldKey: Buffer, newKey: Buffer): void {
  if (newKey.length !== KEY_BYTES) throw new Error(`The new store key must be ${KEY_BYTES} bytes`);
  if (newKey.equals(oldKey)) throw new Error('The new store key is the old key');
  const { sqlite } = openDatabase({ path: databasePath, key: oldKey });
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma(`rekey="x'${hex(newKey)}'"`);
    sqlite.pragma('journal_mode = WAL');
  } finally {
    sqlite.close();
  }
  writeKeyCheck(databasePath, newKey);
}

/**
 * Which of the candidate keys actually decrypts the file, asking SQLCipher itself
 * (not the key-check file, which a crash may have left one step behind). Used
 * only to finish a rotation a crash interrupted.
 */
export function keyThatOpens(databasePath: string, candidates: readonly Buffer[]): Buffer | null {
  if (!existsSync(databasePath)) return null;
  for (const key of candidates) {
    const sqlite = new Database(databasePath, { fileMustExist: true });
    try {
      keyConnection(sqlite, key);
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
      return key;
    } catch {
      // Not this key; try the next.
    } finally {
      sqlite.close();
    }
  }
  return null;
}
