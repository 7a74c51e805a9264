import type { Actor, Store } from '../store/store';
import { SyntheticPatients } from './synthetic';
import { patientNameIndex } from './name-index';
import { insertPatient } from './table';

const BATCH = 2_000;
export const SEED_ACTOR: Actor = { userId: 'seed' };

/**
 * Adds `count` synthetic patients through the same write function intake uses (rows,
 * child rows, name index, change capture), a batch per transaction.
 */
export function seedPatients(
  store: Store,
  count: number,
  seed = 1,
  onProgress?: (done: number) => void,
): { ids: string[] } {
  const source = new SyntheticPatients(seed);
  const ids: string[] = [];
  let pending = source.household();
  while (ids.length < count) {
    store.write((tx) => {
      const end = Math.min(count, ids.length + BATCH);
      while (ids.length < end) {
        if (pending.length === 0) pending = source.household();
        ids.push(insertPatient(store, tx, pending.shift()!, SEED_ACTOR).id);
      }
    });
    onProgress?.(ids.length);
  }
  // A seeded clinic is searchable when the seed returns: its time includes indexing the names.
  patientNameIndex(store).catchUp();
  return { ids };
}
