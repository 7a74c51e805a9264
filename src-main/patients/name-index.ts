import { foldName } from '../../src-shared/patients/search-query';
import type { Store, Tx } from '../store/store';
import type { PatientRow } from './table';

type Named = Pick<PatientRow, 'id' | 'firstName' | 'middleName' | 'lastName' | 'preferredName' | 'mergedInto'>;

/** The index statements, prepared once per store: every patient write runs them. */
const statements = (store: Store) =>
  store.prepared('patients.nameIndex', ({ sqlite }) => ({
    deleteKeyed: sqlite.prepare<[string, string]>(
      'DELETE FROM patients_fts WHERE rowid = (SELECT rowid FROM patients WHERE id = ?) AND patient_id = ?',
    ),
    deleteScan: sqlite.prepare<[string]>('DELETE FROM patients_fts WHERE patient_id = ?'),
    insertAt: sqlite.prepare<[number | bigint, string, string]>(
      'INSERT INTO patients_fts (rowid, patient_id, name) VALUES (?, ?, ?)',
    ),
    insertFor: sqlite.prepare<[string, string]>(
      'INSERT INTO patients_fts (rowid, patient_id, name) SELECT rowid, id, ? FROM patients WHERE id = ?',
    ),
  }));

/**
 * Keeps `patients_fts` in step with a patient row: every name the patient goes by,
 * folded (no accents, lower case). A record merged into another leaves the index,
 * so search finds the survivor only.
 *
 * The index row shares the patient row's rowid, so replacing it is a keyed delete.
 * `patient_id` is unindexed in FTS5; it is only scanned for if the rowids ever
 * drifted (a VACUUM may renumber implicit rowids). `newRowid` is given for a patient
 * row just inserted (its rowid is known), so nothing is looked up or deleted.
 * Runs inside the caller's transaction `_tx`.
 */
export function replaceNameIndex(store: Store, _tx: Tx, p: Named, newRowid?: number | bigint): void {
  const q = statements(store);
  if (newRowid === undefined) {
    const keyed = q.deleteKeyed.run(p.id, p.id);
    if (keyed.changes === 0) q.deleteScan.run(p.id);
  }
  if (p.mergedInto) return;
  if (newRowid === undefined) q.insertFor.run(indexedName(p), p.id);
  else q.insertAt.run(newRowid, p.id, indexedName(p));
}

export function indexedName(p: Named): string {
  const names = [p.firstName, p.preferredName, p.middleName, p.lastName].filter(Boolean).join(' ');
  // O'Connor is found as "oconnor" and as "o connor".
  const split = foldName(names.replace(/['’ʼ`]/g, ' '));
  const joined = foldName(names);
  return split === joined ? joined : `${joined} ${split}`;
}
