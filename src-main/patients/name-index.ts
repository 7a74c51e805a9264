import { sql } from 'drizzle-orm';
import { foldName } from '../../src-shared/patients/search-query';
import type { Tx } from '../store/store';
import type { PatientRow } from './table';

type Named = Pick<PatientRow, 'id' | 'firstName' | 'middleName' | 'lastName' | 'preferredName' | 'mergedInto'>;

/**
 * Keeps `patients_fts` in step with a patient row: every name the patient goes by,
 * folded (no accents, lower case). A record merged into another leaves the index,
 * so search finds the survivor only.
 *
 * The index row shares the patient row's rowid, so replacing it is a keyed delete.
 * `patient_id` is unindexed in FTS5; it is only scanned for if the rowids ever
 * drifted (a VACUUM may renumber implicit rowids).
 */
export function replaceNameIndex(tx: Tx, p: Named, isNew = false): void {
  if (!isNew) {
    const keyed = tx.run(
      sql`DELETE FROM patients_fts WHERE rowid = (SELECT rowid FROM patients WHERE id = ${p.id}) AND patient_id = ${p.id}`,
    );
    if (keyed.changes === 0) tx.run(sql`DELETE FROM patients_fts WHERE patient_id = ${p.id}`);
  }
  if (p.mergedInto) return;
  tx.run(
    sql`INSERT INTO patients_fts (rowid, patient_id, name) SELECT rowid, id, ${indexedName(p)} FROM patients WHERE id = ${p.id}`,
  );
}

export function indexedName(p: Named): string {
  const names = [p.firstName, p.preferredName, p.middleName, p.lastName].filter(Boolean).join(' ');
  // O'Connor is found as "oconnor" and as "o connor".
  const split = foldName(names.replace(/['’ʼ`]/g, ' '));
  const joined = foldName(names);
  return split === joined ? joined : `${joined} ${split}`;
}
