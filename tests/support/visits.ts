import type { Store } from '../../src-main/store/store';

/** Writes `count` booked visits in one transaction, straight into the table: bulk rows for WAL and checkpoint tests. */
export function addVisits(store: Store, from: number, count: number) {
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
