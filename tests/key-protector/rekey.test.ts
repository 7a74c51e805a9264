import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFileProtector } from '../../src-main/key-protector/key-file';
import { databaseKey, rotateDatabaseKey } from '../../src-main/key-protector/rotate';
import { DATABASE_FILE } from '../../src-main/services';
import { StoreError } from '../../src-main/store/database';
import { rekeyDatabase } from '../../src-main/store/rekey';
import { Store } from '../../src-main/store/store';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-rekey-'));
  folders.push(dir);
  return dir;
}

/**
 * A real encrypted store holding one recorded change (the outbox is the store's
 * own table, so this does not depend on any feature's schema); closed on return.
 * Returns every outbox row, to compare after the rekey.
 */
function storeWithChange(dataDir: string, key: Buffer): unknown[] {
  const store = Store.open({ path: join(dataDir, DATABASE_FILE), key });
  try {
    store.write((tx) =>
      store.recordChange(
        tx,
        { tableName: 'patients', rowId: 'p1', op: 'insert', fields: { firstName: 'Ottoline', lastName: 'Marchbanks' } },
        { userId: 'u1' },
      ),
    );
    return store.sqlite.prepare('SELECT * FROM outbox').all();
  } finally {
    store.close();
  }
}

function outboxWith(dataDir: string, key: Buffer): unknown[] {
  const store = Store.open({ path: join(dataDir, DATABASE_FILE), key });
  try {
    return store.sqlite.prepare('SELECT * FROM outbox').all();
  } finally {
    store.close();
  }
}

function opening(dataDir: string, key: Buffer): () => void {
  return () => Store.open({ path: join(dataDir, DATABASE_FILE), key }).close();
}

describe('re-keying the encrypted store (PRAGMA rekey)', () => {
  it('after a rekey the old key is refused, the new key opens it, and every row is intact', () => {
    const dir = dataFolder();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = storeWithChange(dir, oldKey);

    rekeyDatabase(join(dir, DATABASE_FILE), oldKey, newKey);

    expect(opening(dir, oldKey)).toThrow(StoreError);
    expect(opening(dir, oldKey)).toThrow(/wrong key/);
    expect(outboxWith(dir, newKey)).toEqual(before);
    // No write-ahead log left under the old key.
    const wal = join(dir, `${DATABASE_FILE}-wal`);
    expect(!existsSync(wal) || readFileSync(wal).length === 0).toBe(true);
  });

  it('refuses to start a rekey with the wrong current key and changes nothing', () => {
    const dir = dataFolder();
    const key = randomBytes(32);
    storeWithChange(dir, key);
    const bytes = readFileSync(join(dir, DATABASE_FILE));
    expect(() => rekeyDatabase(join(dir, DATABASE_FILE), randomBytes(32), randomBytes(32))).toThrow(/wrong key/);
    expect(readFileSync(join(dir, DATABASE_FILE)).equals(bytes)).toBe(true);
    expect(outboxWith(dir, key)).toHaveLength(1);
  });
});

describe('rotating the key through a key protector', () => {
  it('replaces the kept key, re-keys the store and leaves no previous key behind', async () => {
    const dir = dataFolder();
    const protector = keyFileProtector(dir, {});
    const oldKey = await protector.loadKey();
    const before = storeWithChange(dir, oldKey);

    await rotateDatabaseKey(protector, join(dir, DATABASE_FILE));

    const newKey = await protector.loadKey();
    expect(newKey.equals(oldKey)).toBe(false);
    expect(await protector.loadPreviousKey()).toBeNull();
    expect(opening(dir, oldKey)).toThrow(/wrong key/);
    expect(outboxWith(dir, newKey)).toEqual(before);
  });

  it('finishes a rotation that crashed after the new key was kept but before the store was re-keyed', async () => {
    const dir = dataFolder();
    const protector = keyFileProtector(dir, {});
    const oldKey = await protector.loadKey();
    const before = storeWithChange(dir, oldKey);
    await protector.storeKey(randomBytes(32)); // ...and the process died here.

    const key = await databaseKey(protector, join(dir, DATABASE_FILE));

    expect(key.equals(await protector.loadKey())).toBe(true);
    expect(outboxWith(dir, key)).toEqual(before);
    expect(opening(dir, oldKey)).toThrow(/wrong key/);
    expect(await protector.loadPreviousKey()).toBeNull();
  });

  it('finishes a rotation that crashed after the rekey but before the key check was updated', async () => {
    const dir = dataFolder();
    const protector = keyFileProtector(dir, {});
    const oldKey = await protector.loadKey();
    const before = storeWithChange(dir, oldKey);
    const path = join(dir, DATABASE_FILE);
    copyFileSync(`${path}.keycheck`, join(dir, 'stale.keycheck'));
    const newKey = randomBytes(32);
    await protector.storeKey(newKey);
    rekeyDatabase(path, oldKey, newKey);
    copyFileSync(join(dir, 'stale.keycheck'), `${path}.keycheck`); // the crash: key check one step behind

    const key = await databaseKey(protector, path);

    expect(key.equals(newKey)).toBe(true);
    expect(outboxWith(dir, key)).toEqual(before);
  });

  it('cannot rotate a key that comes from CAREDESK_DB_KEY, and changes nothing', async () => {
    const dir = dataFolder();
    const hex = randomBytes(32).toString('hex');
    const protector = keyFileProtector(dir, { CAREDESK_DB_KEY: hex });
    storeWithChange(dir, Buffer.from(hex, 'hex'));
    const bytes = readFileSync(join(dir, DATABASE_FILE));
    await expect(rotateDatabaseKey(protector, join(dir, DATABASE_FILE))).rejects.toThrow(/CAREDESK_DB_KEY/);
    expect(readFileSync(join(dir, DATABASE_FILE)).equals(bytes)).toBe(true);
  });
});
