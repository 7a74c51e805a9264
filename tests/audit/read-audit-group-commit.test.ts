import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyAuditChain } from '../../src-main/audit/verify';
import { DATABASE_FILE } from '../../src-main/services';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

/** A second connection to the file, as another process (or the app after a crash) would see it. */
function otherConnection(app: TestCareDesk): Database.Database {
  const db = new Database(join(app.dataDir, DATABASE_FILE), { readonly: true });
  db.pragma(`cipher='sqlcipher'`);
  db.pragma('legacy=4');
  db.pragma(`key="x'${app.key.toString('hex')}'"`);
  disposers.unshift(() => db.close());
  return db;
}

const actions = (db: Database.Database) =>
  (
    db.prepare('SELECT action, channel FROM audit_events ORDER BY seq').all() as Array<{
      action: string;
      channel: string;
    }>
  )
    .filter((r) => r.channel?.startsWith('patients.'))
    .map((r) => `${r.action} ${r.channel}`);

describe('the audit of reads (search as you type)', () => {
  it('has each keystroke’s search in the store, outside the app’s memory, by the time its answer is back', async () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    const created = await app.router(
      'patients.create',
      { firstName: 'Rosa', lastName: 'Garcia', dateOfBirth: '04/05/1980', phone: '6175550199' },
      fromWindow,
    );
    expect(created.ok).toBe(true);
    const outside = otherConnection(app);
    for (const query of ['g', 'ga', 'gar', 'garc']) {
      const found = await app.router('patients.search', { query, limit: 20 }, fromWindow);
      expect(found).toMatchObject({ ok: true, value: [{ lastName: 'Garcia' }] });
    }
    // Committed to the WAL (what a crash or a kill of the app keeps), not held in memory.
    expect(actions(outside)).toEqual([
      'create patients.create',
      'search patients.search',
      'search patients.search',
      'search patients.search',
      'search patients.search',
    ]);
  });

  it('keeps changes to records fsync’d at every commit, and the chain whole across reads and writes', async () => {
    const app = freshCareDesk();
    disposers.push(() => app.dispose());
    for (const lastName of ['Garcia', 'Garcés', 'Gartner']) {
      await app.router('patients.search', { query: lastName.slice(0, 3), limit: 20 }, fromWindow);
      const created = await app.router(
        'patients.create',
        { firstName: 'Rosa', lastName, dateOfBirth: '04/05/1980', phone: '6175550199' },
        fromWindow,
      );
      expect(created.ok).toBe(true);
      // After a read's grouped commit the connection is back to synchronous=FULL for the next write.
      expect(app.store.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    }
    await app.router('session.lock', {}, fromWindow);
    app.close();
    const reopened = otherConnection(app);
    expect(actions(reopened)).toEqual(
      ['Garcia', 'Garcés', 'Gartner'].flatMap(() => ['search patients.search', 'create patients.create']),
    );
    expect(verifyAuditChain(reopened)).toMatchObject({ intact: true, problems: [] });
  });
});
