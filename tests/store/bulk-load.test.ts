import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/store';
import { freshStoreFile } from '../support/store-file';
import { addVisits } from '../support/visits';

describe('a bulk load (a first sync)', () => {
  it('copies its commits into the database file as it goes, and the store reopens with every row', async () => {
    const { path, key, store } = freshStoreFile();
    const before = statSync(path).size;

    store.beginBulkLoad();
    addVisits(store, 0, 3_000);
    addVisits(store, 3_000, 3_000);
    await store.endBulkLoad();
    // The worker's checkpoints copied the WAL back, the last commits' too (it checkpoints
    // after every few commits, and once more at the end): every row is in the database file itself.
    expect(statSync(path).size).toBeGreaterThan(before + 6_000 * 100);
    addVisits(store, 6_000, 10);
    store.close();

    const reopened = Store.open({ path, key });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: 6_010 });
    reopened.close();
  });
});
