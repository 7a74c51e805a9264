/**
 * Every column in the local store that holds a patient id, and what a merge does
 * with it. A feature registers its columns next to its table definition, so the
 * registry is complete as soon as the schema is loaded; a test walks the schema and
 * fails on a patient column nobody registered (tests/patients/references.test.ts),
 * so a new feature cannot be forgotten by a merge.
 *
 * - `repoint`: a mutable row that belongs with the person (a task, an appointment, a
 *   waitlist entry). A merge moves it to the surviving patient and remembers each row
 *   it moved, so an admin can undo the merge exactly.
 * - `keep`: the row stays with the record it was written for, and `why` says why:
 *   the record's own demographics (both charts are kept whole), legal history the
 *   store refuses to edit (call log entries, the audit trail), or the merge itself.
 */
export type PatientReference =
  | {
      mode: 'repoint';
      /** SQL table name, e.g. `tasks`. */
      table: string;
      /** SQL column holding the patient id, e.g. `patient_id`. */
      column: string;
      /** The field name its write functions use in the outbox, e.g. `patientId`. */
      field: string;
    }
  | { mode: 'keep'; table: string; column: string; why: string };

export type RepointedReference = Extract<PatientReference, { mode: 'repoint' }>;

const SQL_NAME = /^[a-z_][a-z0-9_]*$/;
const registered = new Map<string, PatientReference>();

export function registerPatientReference(ref: PatientReference): void {
  if (!SQL_NAME.test(ref.table) || !SQL_NAME.test(ref.column))
    throw new Error(`Not a table or column name: ${ref.table}.${ref.column}`);
  const key = `${ref.table}.${ref.column}`;
  const before = registered.get(key);
  if (before && before.mode !== ref.mode)
    throw new Error(`${key} is registered twice, as ${before.mode} and ${ref.mode}`);
  registered.set(key, ref);
}

export function patientReferences(): readonly PatientReference[] {
  return [...registered.values()];
}

/** The rows a merge moves to the surviving patient. */
export function repointedReferences(): readonly RepointedReference[] {
  return patientReferences().filter((r): r is RepointedReference => r.mode === 'repoint');
}
