import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Store } from '../../src-main/store/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

function addVisits(store: Store, from: number, count: number) {
  const insert = store.sqlite.prepare(
    `INSERT INTO appointments (id, patient_id, provider_id, type_id, location_id, starts_at, ends_at, status,
       hub_state, reason, notes, interpreter_needed, language, transport_needed, resource_ids, created_at, updated_at)
     VALUES (?, 'p1', 'prov-1', 't', 'l', ?, ?, 'booked', 'confirmed', '', '', 0, 'English', 0, '[]', ?, ?)`,
  );
  store.write(() => {
    for (let i = from; i < from + count; i++) {
      const at = new Date(Date.UTC(2026, 0, 5, 13) + i * 60_000).toISOString();
      insert.run(`visit-${i}`, at, at, at, at);
    }
  });
}

describe('when writes pause (decision 0340)', () => {
  it('copies the WAL into the database file off the main thread, and the store reopens with every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caredesk-idle-checkpoint-'));
    disposers.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'caredesk.db');
    const key = randomBytes(32);
    const store = Store.open({ path, key });
    const onThisThread: string[] = [];
    const pragma = store.sqlite.pragma.bind(store.sqlite);
    store.sqlite.pragma = (source: string, options?: { simple?: boolean }) => {
      if (source.includes('checkpoint')) onThisThread.push(source);
      return pragma(source, options);
    };
    const before = statSync(path).size;

    addVisits(store, 0, 3_000);
    // The rows are in the WAL until the pause; then the worker copies them into the file itself.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 3_000 * 100), {
      timeout: 20_000,
      interval: 50,
    });
    // A save while the worker's connection is open commits as usual.
    addVisits(store, 3_000, 10);
    expect(onThisThread).toEqual([]);
    store.close();

    const reopened = Store.open({ path, key });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: 3_010 });
    reopened.close();
  });
});
