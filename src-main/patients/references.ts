/**
 * Rows in other features' tables that point at a patient (a call log entry, a task,
 * an appointment). A merge moves them to the surviving patient and remembers each
 * one it moved, so an admin can undo the merge exactly. A feature registers its
 * references once, where its service is constructed.
 */
export interface PatientReference {
  /** SQL table name, e.g. `call_log_entries`. */
  table: string;
  /** SQL column holding the patient id, e.g. `patient_id`. */
  column: string;
  /** The field name its write functions use in the outbox, e.g. `patientId`. */
  field: string;
}

const SQL_NAME = /^[a-z_][a-z0-9_]*$/;
const registered: PatientReference[] = [];

export function registerPatientReference(ref: PatientReference): void {
  if (!SQL_NAME.test(ref.table) || !SQL_NAME.test(ref.column))
    throw new Error(`Not a table or column name: ${ref.table}.${ref.column}`);
  if (!registered.some((r) => r.table === ref.table && r.column === ref.column)) registered.push(ref);
}

export function patientReferences(): readonly PatientReference[] {
  return registered;
}
