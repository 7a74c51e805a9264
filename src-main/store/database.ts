import Database from 'better-sqlite3';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';
import { buildDeferredIndexes, hasDeferredIndexes } from './deferred-indexes';
import { quote } from './row-statements';

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
  /**
   * `at-open` (the default, for tools): every page is read and checked before the store
   * is used. `deferred` (the app, decision 0324): the header, the key, the first page
   * and the first page of every table are checked at open, and the caller checks every
   * page in the background (`checkIntegrityInBackground`); a store about to be migrated
   * is still checked in full first.
   */
  integrity?: 'at-open' | 'deferred';
}

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
  /** True when the full check of an existing store is left to the caller (`integrity: 'deferred'`). */
  integrityPending?: boolean;
}

/**
 * Opens (or creates) the encrypted store: SQLCipher 4 format, WAL, synchronous=FULL,
 * foreign keys on, integrity checked, migrations applied. Nothing is written to an
 * existing file until the key and integrity checks pass.
 */
export function openDatabase({
  path,
  key,
  migrationsFolder = DEFAULT_MIGRATIONS,
  integrity = 'at-open',
}: OpenOptions): OpenedDatabase {
  if (key.length !== KEY_BYTES) throw new Error(`The store key must be ${KEY_BYTES} bytes`);
  const checkPath = `${path}.keycheck`;
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (!isNew) verifyBeforeOpen(path, checkPath, key);

  const sqlite = new Database(path);
  try {
    keyConnection(sqlite, key);
    checkReadable(sqlite, path, existsSync(checkPath));
    // Nothing is written to an existing store before its check: a migration is, so it waits for the full one.
    // A first sync cut off before it built its indexes (decision 0140): they are built
    // below, a write, so the store is checked whole first, as before a migration.
    const indexesCutOff = !isNew && hasStoreMeta(sqlite) && hasDeferredIndexes(sqlite);
    const deferred =
      !isNew && integrity === 'deferred' && !indexesCutOff && !migrationsPending(sqlite, migrationsFolder);
    if (deferred) checkEveryTableOpens(sqlite, path);
    else if (!isNew) checkIntegrity(sqlite, path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    applyCachePragmas(sqlite);
    if (isNew || !existsSync(checkPath)) writeFileSync(checkPath, keyCheck(key), { mode: 0o600 });
    if (indexesCutOff) sqlite.transaction(() => buildDeferredIndexes(sqlite))();
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder });
    return { sqlite, db, integrityPending: deferred };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

/**
 * Keys a connection as SQLCipher 4 with a raw 32-byte key. Order matters: the cipher and
 * its compatibility level before the key. (The store worker's source text does the same.)
 */
export function keyConnection(sqlite: Database.Database, key: Buffer): void {
  sqlite.pragma(`cipher='sqlcipher'`);
  sqlite.pragma('legacy=4');
  sqlite.pragma(`key="x'${key.toString('hex')}'"`);
}

/**
 * Page cache and temporary tables (decision 0310). Every page read from disk is
 * authenticated and decrypted, so a cache that holds the hot indexes of a large
 * clinic saves that work on every query; SQLite's 2 MiB default holds little of a
 * million patients. Temporary tables and sort spills stay in memory: none reach disk,
 * encrypted or not. Shared with the benchmark's plain baseline so both run alike.
 *
 * `secure_delete` is what the cipher turns on by itself for an encrypted connection:
 * deleted rows are zeroed and freed pages overwritten, so a deleted record cannot be
 * read back from the file even with the key. Said here so it stays on whatever the
 * driver's default becomes, and so the plain baseline does the same writes (decision
 * 0316: without it, it wrote ~16 % fewer pages in the name-index catch-up).
 */
export const CACHE_KIB = 128 * 1024;
/** SQLite's own checkpoint backstop, in WAL pages (40 MiB). */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
export function applyCachePragmas(sqlite: Database.Database): void {
  sqlite.pragma(`cache_size = -${CACHE_KIB}`);
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('secure_delete = ON');
  // Checkpoints run when writes pause (Store.checkpointWhenIdle); this is the backstop
  // for writes that never pause: a WAL of 10,000 pages (40 MiB) is copied back at once.
  sqlite.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
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

/** Whether the store has its key-value table yet (a store cut off in its first migration has not). */
function hasStoreMeta(sqlite: Database.Database): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'`).get() !== undefined;
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

/**
 * Reads every page of every b-tree and checks its structure (`quick_check`). Every page
 * read is authenticated by its HMAC, so a flipped byte anywhere in use fails here.
 * (`cipher_integrity_check` is SQLCipher's own pragma; SQLite3MultipleCiphers does not
 * implement it and answers nothing, so it is not relied on.) O(size): minutes at 4 GB.
 */
function checkIntegrity(sqlite: Database.Database, path: string): void {
  const problem = integrityProblem(sqlite);
  if (problem) throw new StoreError('STORE_DAMAGED', `The store ${path} is damaged: ${problem}`);
}

/** What `quick_check` found wrong (page numbers and trees, never row values), or null. */
export function integrityProblem(sqlite: Database.Database): string | null {
  try {
    const quick = sqlite.pragma('quick_check', { simple: true }) as string;
    return quick === 'ok' ? null : quick.split('\n').slice(0, 3).join('; ');
  } catch (error) {
    return (error as Error).message;
  }
}

/** The cheap check of a deferred open: the schema and the first page of every table, authenticated. */
function checkEveryTableOpens(sqlite: Database.Database, path: string): void {
  try {
    const tables = sqlite
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0`)
      .all();
    for (const { name } of tables) sqlite.prepare(`SELECT 1 FROM ${quote(name)} LIMIT 1`).get();
  } catch (error) {
    throw new StoreError('STORE_DAMAGED', `The store ${path} is damaged: ${(error as Error).message}`);
  }
}

/** Whether the migrations folder holds a migration this store has not applied (drizzle's own rule: by time). */
function migrationsPending(sqlite: Database.Database, migrationsFolder: string): boolean {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: Array<{ when: number }>;
  };
  const newest = Math.max(0, ...journal.entries.map((e) => e.when));
  const applied = sqlite
    .prepare<[], { n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE name = '__drizzle_migrations'`)
    .get()!.n
    ? sqlite.prepare<[], { last: number | null }>('SELECT max(created_at) AS last FROM __drizzle_migrations').get()!
        .last
    : null;
  return applied === null || Number(applied) < newest;
}
