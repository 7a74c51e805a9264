import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rekeyDatabase } from '../../src-main/store/rekey';
import { Store } from '../../src-main/store/store';
import { freshStoreFile } from '../support/store-file';
import { addVisits } from '../support/visits';

const BATCHES = 70;
const BATCH = 4_000;

describe('bulk writes that never pause (an import, decision 0035)', () => {
  it('keep the WAL bounded, and the store reopens with every row', async () => {
    const { path, key, store } = freshStoreFile();

    // Batch after batch without yielding to the event loop, as an import or the store bench writes.
    let largestWal = 0;
    for (let b = 0; b < BATCHES; b++) {
      addVisits(store, b * BATCH, BATCH);
      if (existsSync(`${path}-wal`)) largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
    }
    await store.settled();
    // The WAL starts over once it holds 10,000 pages (40 MiB), SQLite's own backstop, instead
    // of growing with every batch (~105 MiB for these rows).
    expect(largestWal).toBeLessThan(56 * 1024 * 1024);
    store.close();

    const reopened = Store.open({ path, key });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: BATCHES * BATCH });
    reopened.close();
  });

  it('leave no other connection open once the store is closed: the key can be rotated at once', () => {
    const { path, key, store } = freshStoreFile();
    // Closed while the worker still copies the last commits back.
    for (let b = 0; b < 10; b++) addVisits(store, b * 2 * BATCH, 2 * BATCH);
    store.close();

    const rotated = randomBytes(32);
    rekeyDatabase(path, key, rotated);
    const reopened = Store.open({ path, key: rotated });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: 20 * BATCH });
    reopened.close();
  });
});
