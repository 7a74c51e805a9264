import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/store';
import { addVisits } from '../support/visits';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

describe('a bulk load (a first sync)', () => {
  it('copies its commits into the database file as it goes, and the store reopens with every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caredesk-bulk-load-'));
    disposers.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'caredesk.db');
    const key = randomBytes(32);
    const store = Store.open({ path, key });
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
