import { and, eq, isNull, sql } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import { timeOrderedUuid } from '../store/ids';
import type { Actor, Store, Tx } from '../store/store';
import { repointedReferences, type RepointedReference } from './references';
import { patientMerges, patients, setMergedInto } from './table';

/** One row a merge moved, as kept in `patient_merges.repointed` for the undo. */
interface Repointed {
  table: string;
  column: string;
  field: string;
  rowId: string;
}

export type MergeRow = typeof patientMerges.$inferSelect;

/**
 * Merges `mergedId` into `survivorId`: both records and their histories stay as they
 * were; the merged one is marked and leaves search; rows of other features that
 * pointed at it now point at the survivor. Every step is a captured change.
 */
export function mergePatients(
  store: Store,
  tx: Tx,
  m: { survivorId: string; mergedId: string; reason: string },
  actor: Actor,
): MergeRow {
  const survivor = tx.select().from(patients).where(eq(patients.id, m.survivorId)).get();
  const merged = tx.select().from(patients).where(eq(patients.id, m.mergedId)).get();
  if (!survivor || !merged) throw new DomainError('NOT_FOUND', 'No patient with that id');
  if (survivor.mergedInto) throw new DomainError('CONFLICT', 'The surviving patient was itself merged into another');
  if (merged.mergedInto) throw new DomainError('CONFLICT', 'That patient was already merged');

  const repointed: Repointed[] = [];
  for (const ref of repointedReferences()) {
    const ids = tx
      .all<{ id: string }>(
        sql`SELECT id FROM ${sql.identifier(ref.table)} WHERE ${sql.identifier(ref.column)} = ${m.mergedId}`,
      )
      .map((r) => r.id);
    for (const rowId of ids) {
      repoint(store, tx, ref, rowId, m.survivorId, actor);
      repointed.push({ table: ref.table, column: ref.column, field: ref.field, rowId });
    }
  }
  // Records merged into the one being merged now point at the survivor too.
  for (const earlier of tx.select().from(patients).where(eq(patients.mergedInto, m.mergedId)).all()) {
    setMergedInto(store, tx, earlier.id, m.survivorId, actor);
    repointed.push({ table: 'patients', column: 'merged_into', field: 'mergedInto', rowId: earlier.id });
  }
  setMergedInto(store, tx, m.mergedId, m.survivorId, actor);

  const row: MergeRow = {
    id: timeOrderedUuid(),
    survivorId: m.survivorId,
    mergedId: m.mergedId,
    reason: m.reason,
    repointed: JSON.stringify(repointed),
    mergedBy: actor.userId,
    mergedAt: new Date().toISOString(),
    undoneBy: null,
    undoneAt: null,
  };
  tx.insert(patientMerges).values(row).run();
  store.recordChange(tx, { tableName: 'patient_merges', rowId: row.id, op: 'insert', fields: { ...row } }, actor);
  return row;
}

/** Undoes a merge exactly: every reference it moved (and still points at the survivor) goes back. */
export function unmergePatients(store: Store, tx: Tx, mergeId: string, actor: Actor): MergeRow {
  const merge = tx
    .select()
    .from(patientMerges)
    .where(and(eq(patientMerges.id, mergeId), isNull(patientMerges.undoneAt)))
    .get();
  if (!merge) throw new DomainError('NOT_FOUND', 'No merge to undo with that id');
  const merged = tx.select().from(patients).where(eq(patients.id, merge.mergedId)).get();
  if (merged?.mergedInto !== merge.survivorId)
    throw new DomainError('CONFLICT', 'The merged record has changed since; undo the later merge first');

  for (const r of JSON.parse(merge.repointed) as Repointed[]) {
    if (r.table === 'patients') {
      setMergedInto(store, tx, r.rowId, merge.mergedId, actor);
      continue;
    }
    const still = tx.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM ${sql.identifier(r.table)} WHERE id = ${r.rowId} AND ${sql.identifier(r.column)} = ${merge.survivorId}`,
    );
    if (still.n > 0) repoint(store, tx, r, r.rowId, merge.mergedId, actor);
  }
  setMergedInto(store, tx, merge.mergedId, null, actor);
  const fields = { undoneBy: actor.userId, undoneAt: new Date().toISOString() };
  tx.update(patientMerges).set(fields).where(eq(patientMerges.id, mergeId)).run();
  store.recordChange(tx, { tableName: 'patient_merges', rowId: mergeId, op: 'update', fields }, actor);
  return { ...merge, ...fields };
}

function repoint(
  store: Store,
  tx: Tx,
  ref: Pick<RepointedReference, 'table' | 'column' | 'field'>,
  rowId: string,
  patientId: string,
  actor: Actor,
): void {
  tx.run(sql`UPDATE ${sql.identifier(ref.table)} SET ${sql.identifier(ref.column)} = ${patientId} WHERE id = ${rowId}`);
  store.recordChange(tx, { tableName: ref.table, rowId, op: 'update', fields: { [ref.field]: patientId } }, actor);
}
