import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Store } from '../../src-main/store/store';
import { StoreError } from '../../src-main/store/database';
import { DATABASE_FILE } from '../../src-main/services';
import { freshCareDesk, fromWindow } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

function fingerprint(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isFile())
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );
}

function allBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name))),
  );
}

describe('the encrypted store', () => {
  it('keeps no plaintext of a patient anywhere in the data folder, WAL included', async () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    const created = await app.router(
      'patients.create',
      { firstName: 'Wilhelmina', lastName: 'Quixotefield', dateOfBirth: '03/14/1961', phone: '(617) 555-0147' },
      fromWindow,
    );
    expect(created.ok).toBe(true);
    // Before checkpointing, the patient lives in the WAL; both must be ciphertext.
    expect(readdirSync(app.dataDir)).toContain(`${DATABASE_FILE}-wal`);
    for (const bytes of [allBytes(app.dataDir)]) {
      for (const secret of ['Wilhelmina', 'Quixotefield', 'wilhelmina', '1961-03-14', '+16175550147', '6175550147']) {
        expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), secret).toBe(false);
      }
    }
    // And a plain SQLite reader sees no database at all.
    const plain = new Database(join(app.dataDir, DATABASE_FILE), { readonly: true });
    expect(() => plain.prepare('SELECT * FROM patients').all()).toThrow(/not a database/);
    plain.close();
  });

  it('refuses a wrong key with a clear error and leaves every file untouched', async () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    await app.router(
      'patients.create',
      { firstName: 'Ada', lastName: 'Byron', dateOfBirth: '12/10/1985', phone: '6175550100' },
      fromWindow,
    );
    app.close();
    const before = fingerprint(app.dataDir);
    const path = join(app.dataDir, DATABASE_FILE);
    const error = (() => {
      try {
        Store.open({ path, key: randomBytes(32) });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('STORE_WRONG_KEY');
    expect((error as StoreError).message).toMatch(/wrong key/);
    expect(fingerprint(app.dataDir)).toEqual(before);
    // The right key still opens it, with the patient intact.
    const reopened = Store.open({ path, key: app.key });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM patients').get()).toEqual({ n: 1 });
    reopened.close();
  });

  it('names a damaged file as damaged and leaves it as it was', () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    for (let i = 0; i < 50; i++) {
      app.patients.create(
        { firstName: 'Ada', lastName: `Byron${'x'.repeat(i % 5)}`, dateOfBirth: '1985-12-10', phone: '+16175550100' },
        { userId: 'u1' },
      );
    }
    app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    app.close();
    const path = join(app.dataDir, DATABASE_FILE);
    expect(statSync(path).size).toBeGreaterThan(3 * 4096);
    // Flip bytes in the middle of page 2: SQLCipher's per-page HMAC must catch it.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 4096 + 200);
    closeSync(fd);
    const before = fingerprint(app.dataDir);
    expect(() => Store.open({ path, key: app.key })).toThrow(expect.objectContaining({ code: 'STORE_DAMAGED' }));
    expect(fingerprint(app.dataDir)).toEqual(before);
  });

  it('refuses a plaintext SQLite file instead of using it', () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    const path = join(app.dataDir, 'plain.db');
    const plain = new Database(path);
    plain.exec('CREATE TABLE t (a)');
    plain.close();
    expect(() => Store.open({ path, key: app.key })).toThrow(expect.objectContaining({ code: 'STORE_NOT_ENCRYPTED' }));
  });

  it('applies migrations once: reopening changes nothing', () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    const schema = () => app.store.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const applied = () => app.store.sqlite.prepare('SELECT hash FROM __drizzle_migrations ORDER BY id').all();
    const first = { schema: schema(), applied: applied() };
    app.close();
    const again = Store.open({ path: join(app.dataDir, DATABASE_FILE), key: app.key });
    expect(again.sqlite.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(first.schema);
    expect(again.sqlite.prepare('SELECT hash FROM __drizzle_migrations ORDER BY id').all()).toEqual(first.applied);
    again.close();
  });

  it('runs with WAL, synchronous=FULL and foreign keys on', () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    expect(app.store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(app.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(app.store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
