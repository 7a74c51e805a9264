import { describe, expect, it } from 'vitest';
import {
  buildDeferredIndexes,
  CLEAR_DEFERRED_INDEXES,
  deferIndexes,
  deferredIndexBuilds,
  hasDeferredIndexes,
} from '../../src-main/store/deferred-indexes';
import { Store } from '../../src-main/store/store';
import { freshStoreFile } from '../support/store-file';

const indexes = (store: Store) =>
  store.sqlite
    .prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`)
    .all() as Array<{ name: string; tbl_name: string; sql: string | null }>;

/** An index a bulk load drops: not a unique one (a constraint), not SQLite's own. */
const deferrable = (i: { sql: string | null }) => i.sql !== null && !/^CREATE UNIQUE/i.test(i.sql);

/** What a schedule query finds among a provider's visits (the index is its way in). */
const providerDay = (store: Store) =>
  store.sqlite
    .prepare(`SELECT id FROM appointments WHERE provider_id = ? AND starts_at >= ? ORDER BY starts_at`)
    .all('prov-1', '2026-01-05');

function addVisit(store: Store, id: string, startsAt: string) {
  store.sqlite
    .prepare(
      `INSERT INTO appointments (id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, status,
         hub_state, reason, notes, interpreter_needed, language, transport_needed, resource_ids, created_at, updated_at)
       VALUES (?, 'p1', 'prov-1', 't', 'l', ?, ?, 'booked', 'confirmed', '', '', 0, 'English', 0, '[]', ?, ?)`,
    )
    .run(id, startsAt, startsAt, startsAt, startsAt);
}

describe('indexes deferred for a first sync', () => {
  it('are dropped with their definitions noted, and built again exactly as they were', () => {
    const { store } = freshStoreFile();
    const before = indexes(store);
    store.write(() => deferIndexes(store.sqlite, ['patients', 'appointments']));
    const during = indexes(store);
    // Unique indexes stay (they are constraints); the others are gone until the end.
    const dropped = (i: { tbl_name: string; sql: string | null }) =>
      ['patients', 'appointments'].includes(i.tbl_name) && deferrable(i);
    expect(before.filter(dropped).length).toBeGreaterThan(0);
    expect(during).toEqual(before.filter((i) => !dropped(i)));
    addVisit(store, 'a2', '2026-01-05T15:00:00.000Z');
    addVisit(store, 'a1', '2026-01-05T14:00:00.000Z');
    store.write(() => buildDeferredIndexes(store.sqlite));
    expect(indexes(store)).toEqual(before);
    expect(hasDeferredIndexes(store.sqlite)).toBe(false);
    expect(providerDay(store)).toEqual([{ id: 'a1' }, { id: 'a2' }]);
    store.close();
  });

  it('dropped in a transaction that never committed, are all still there', () => {
    const { store } = freshStoreFile();
    const before = indexes(store);
    expect(() =>
      store.write(() => {
        deferIndexes(store.sqlite, ['patients', 'appointments']);
        throw new Error('killed before the page committed');
      }),
    ).toThrow('killed');
    expect(indexes(store)).toEqual(before);
    expect(hasDeferredIndexes(store.sqlite)).toBe(false);
    store.close();
  });

  it('are built one per transaction where a table has rows, and together where tables are empty', () => {
    const { store } = freshStoreFile();
    const before = indexes(store);
    store.write(() => deferIndexes(store.sqlite, ['patients', 'appointments', 'tasks']));
    addVisit(store, 'a1', '2026-01-05T14:00:00.000Z');
    const named = (sql: string) => [...sql.matchAll(/CREATE INDEX [`"](\w+)[`"]/g)].map((m) => m[1]);
    const builds = deferredIndexBuilds(store.sqlite).map(named);
    // Patients and tasks hold no rows: their indexes cost nothing to build, one commit for all of them.
    expect(builds[0]).toEqual(
      before.filter((i) => ['patients', 'tasks'].includes(i.tbl_name) && deferrable(i)).map((i) => i.name),
    );
    // Each index of the visits is a transaction of its own: a save made meanwhile waits for one.
    expect(builds.slice(1)).toEqual(
      before.filter((i) => i.tbl_name === 'appointments' && deferrable(i)).map((i) => [i.name]),
    );
    for (const [i, sql] of deferredIndexBuilds(store.sqlite).entries())
      store.write(() => {
        store.sqlite.exec(sql);
        if (i === builds.length - 1) store.sqlite.exec(CLEAR_DEFERRED_INDEXES);
      });
    expect(indexes(store)).toEqual(before);
    expect(hasDeferredIndexes(store.sqlite)).toBe(false);
    expect(providerDay(store)).toEqual([{ id: 'a1' }]);
    store.close();
  });

  it('noted before their tables were, are built one per transaction as before', () => {
    const { store } = freshStoreFile();
    const before = indexes(store);
    store.write(() => deferIndexes(store.sqlite, ['patients', 'appointments']));
    // A note from a version that did not keep each index's table (a first sync cut off before an update).
    const note = store.sqlite.prepare(`SELECT value FROM store_meta WHERE key = 'deferred_indexes'`).get() as {
      value: string;
    };
    const older = (JSON.parse(note.value) as Array<{ name: string; sql: string }>).map(({ name, sql }) => ({
      name,
      sql,
    }));
    store.sqlite.prepare(`UPDATE store_meta SET value = ? WHERE key = 'deferred_indexes'`).run(JSON.stringify(older));
    expect(deferredIndexBuilds(store.sqlite)).toEqual(older.map(({ sql }) => sql));
    store.write(() => buildDeferredIndexes(store.sqlite));
    expect(indexes(store)).toEqual(before);
    store.close();
  });

  it('left behind by a first sync that was cut off, are built as the store opens', () => {
    const { path, key, store } = freshStoreFile();
    const before = indexes(store);
    store.write(() => deferIndexes(store.sqlite, ['patients', 'appointments']));
    addVisit(store, 'a1', '2026-01-05T14:00:00.000Z');
    store.close();

    const reopened = Store.open({ path, key });
    expect(indexes(reopened)).toEqual(before);
    expect(hasDeferredIndexes(reopened.sqlite)).toBe(false);
    expect(providerDay(reopened)).toEqual([{ id: 'a1' }]);
    reopened.close();
  });
});
