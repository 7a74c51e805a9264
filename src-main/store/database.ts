import Database from 'better-sqlite3';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;
export type StoreErrorCode = 'STORE_WRONG_KEY' | 'STORE_DAMAGED' | 'STORE_NOT_ENCRYPTED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export const KEY_BYTES = 32;
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0');
export const DEFAULT_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * A key check sits beside the database: an HMAC of a fixed label under the key. It
 * reveals nothing about the key, and lets us tell "wrong key" from "damaged file",
 * which SQLCipher reports alike.
 */
export function keyCheck(key: Buffer): Buffer {
  return createHmac('sha256', key).update('caredesk store key check v1').digest();
}

export interface OpenOptions {
  path: string;
  key: Buffer;
  migrationsFolder?: string;
}

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
}

/**
 * Opens (or creates) the encrypted store: SQLCipher 4 format, WAL, synchronous=FULL,
 * foreign keys on, integrity checked, migrations applied. Nothing is written to an
 * existing file until the key and integrity checks pass.
 */
export function openDatabase({ path, key, migrationsFolder = DEFAULT_MIGRATIONS }: OpenOptions): OpenedDatabase {
  if (key.length !== KEY_BYTES) throw new Error(`The store key must be ${KEY_BYTES} bytes`);
  const checkPath = `${path}.keycheck`;
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (!isNew) verifyBeforeOpen(path, checkPath, key);

  const sqlite = new Database(path);
  try {
    // Order matters: the cipher and its compatibility level before the key.
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma('legacy=4');
    sqlite.pragma(`key="x'${key.toString('hex')}'"`);
    checkReadable(sqlite, path, existsSync(checkPath));
    if (!isNew) checkIntegrity(sqlite, path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    applyCachePragmas(sqlite);
    if (isNew || !existsSync(checkPath)) writeFileSync(checkPath, keyCheck(key), { mode: 0o600 });
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder });
    return { sqlite, db };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * Page cache and temporary tables (decision 0310). Every page read from disk is
 * authenticated and decrypted, so a cache that holds the hot indexes of a large
 * clinic saves that work on every query; SQLite's 2 MiB default holds little of a
 * million patients. Temporary tables and sort spills stay in memory: none reach disk,
 * encrypted or not. Shared with the benchmark's plain baseline so both run alike.
 */
export const CACHE_KIB = 128 * 1024;
export function applyCachePragmas(sqlite: Database.Database): void {
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoints run when writes pause (Store.checkpointWhenIdle); this is the backstop
  // for writes that never pause: a WAL of 10,000 pages (40 MiB) is copied back at once.
  sqlite.pragma('wal_autocheckpoint = 10000');
}

function verifyBeforeOpen(path: string, checkPath: string, key: Buffer): void {
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.equals(PLAINTEXT_HEADER)) {
    throw new StoreError(
      'STORE_NOT_ENCRYPTED',
      `The store ${path} is an unencrypted SQLite file; CareDesk refuses to use it`,
    );
  }
  if (existsSync(checkPath)) {
    const expected = readFileSync(checkPath);
    const actual = keyCheck(key);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new StoreError('STORE_WRONG_KEY', `The database key does not open ${path}: wrong key`);
    }
  }
}

function checkReadable(sqlite: Database.Database, path: string, keyKnownGood: boolean): void {
  try {
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_NOTADB') throw error;
    throw keyKnownGood
      ? new StoreError(
          'STORE_DAMAGED',
          `The store ${path} is damaged: its first page cannot be read with the right key`,
        )
      : new StoreError('STORE_WRONG_KEY', `The database key does not open ${path}: wrong key, or the file is damaged`);
  }
}

function checkIntegrity(sqlite: Database.Database, path: string): void {
  let problems: unknown[];
  try {
    // Authenticates every page (HMAC) and then checks the b-trees.
    problems = sqlite.pragma('cipher_integrity_check') as unknown[];
    const quick = sqlite.pragma('quick_check', { simple: true });
    if (quick !== 'ok') problems.push(quick);
  } catch (error) {
    throw new StoreError('STORE_DAMAGED', `The store ${path} is damaged: ${(error as Error).message}`);
  }
  if (problems.length > 0) {
    throw new StoreError(
      'STORE_DAMAGED',
      `The store ${path} is damaged: ${problems.length} page(s) fail authentication`,
    );
  }
}
