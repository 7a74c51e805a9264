/**
 * How each synced table behaves at the hub. A feature that syncs a table adds one
 * line here; a change to a table not listed is rejected (`unknown_table`), recorded
 * as such, and never blocks the queue.
 *
 * - `mutable`: per-field merge by hybrid logical clock; a same-field clash between
 *   concurrent edits keeps the later stamp and records the other as a conflict.
 * - `append`: legal history (call log entries, notes). Rows are written once and
 *   never edited, so they never conflict; corrections are new rows (addenda).
 * - `hub-only`: append-only and kept by the hub alone (audit events): every
 *   workstation's own hash chain stays intact, and no workstation downloads the
 *   clinic's whole audit trail.
 * - `booking`: commands (`book`, `reschedule`, `cancel`) the hub runs against
 *   PostgreSQL, where an exclusion constraint makes double booking impossible.
 */
export type SyncKind = 'mutable' | 'append' | 'hub-only' | 'booking';

export const SYNC_TABLES: Readonly<Record<string, SyncKind>> = {
  patients: 'mutable',
  patient_phones: 'mutable',
  patient_people: 'mutable',
  patient_coverages: 'mutable',
  patient_consents: 'mutable',
  patient_social_need_answers: 'mutable',
  patient_flagged_needs: 'mutable',
  patient_merges: 'mutable',
  patient_duplicate_overrides: 'append',
  tasks: 'mutable',
  task_events: 'append',
  call_log_entries: 'append',
  call_log_addenda: 'append',
  waitlist_entries: 'mutable',
  review_items: 'mutable',
  audit_events: 'hub-only',
  appointments: 'booking',
  // The clinic's set-up: supervisors edit it field by field (decision 0520).
  locations: 'mutable',
  providers: 'mutable',
  resources: 'mutable',
  appointment_types: 'mutable',
  availability_templates: 'mutable',
  schedule_exceptions: 'mutable',
};

export function syncKind(table: string): SyncKind | undefined {
  return Object.hasOwn(SYNC_TABLES, table) ? SYNC_TABLES[table] : undefined;
}

/**
 * Fields that only follow others (a row's `updatedAt`, the phonetic keys of a
 * name): merged by clock like any field, but a clash on them is never put before
 * a person; the clash on the field they follow is.
 */
export const DERIVED_FIELDS: ReadonlySet<string> = new Set(['updatedAt', 'firstNameKey', 'lastNameKey']);
