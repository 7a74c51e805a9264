import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Patient } from '../../src-shared/patients/schemas';
import type { Intake } from '../../src-shared/patients/intake';
import type { Actor, Store, Tx } from '../store/store';
import { intakeRows, type IntakeRows } from './intake-rows';
import { nameKeys } from './name-keys';
import { insertedFields, writeRowChanges } from './row-changes';
import { patientNameIndex } from './name-index';
import { insertRow, updateRowById } from '../store/row-statements';
import { randomDigits, timeOrderedUuid } from '../store/ids';
import { registerPatientReference } from './references';

export const patients = sqliteTable(
  'patients',
  {
    id: text('id').primaryKey(),
    mrn: text('mrn').notNull().unique(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: text('date_of_birth').notNull(),
    /** The first phone of the intake, E.164; every phone is in patient_phones. */
    phone: text('phone').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    middleName: text('middle_name'),
    preferredName: text('preferred_name'),
    sexAtBirth: text('sex_at_birth'),
    genderIdentity: text('gender_identity'),
    pronouns: text('pronouns'),
    email: text('email'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    preferredContactMethod: text('preferred_contact_method'),
    preferredContactTimes: text('preferred_contact_times'),
    preferredLanguage: text('preferred_language').notNull().default('English'),
    interpreterNeeded: integer('interpreter_needed', { mode: 'boolean' }).notNull().default(false),
    primaryCareProvider: text('primary_care_provider'),
    referralSource: text('referral_source'),
    reasonForContact: text('reason_for_contact'),
    accessibilityNeeds: text('accessibility_needs'),
    transportNeeds: text('transport_needs'),
    /** Double-metaphone keys of the names: the blocking keys of duplicate detection. */
    firstNameKey: text('first_name_key'),
    lastNameKey: text('last_name_key'),
    /** Set when this record was merged into another; the record itself is kept. */
    mergedInto: text('merged_into'),
  },
  (t) => [
    // Date of birth with what a duplicate check needs of a same-date patient: the block is
    // scored from the index and rows are read only for the few that can match (decision 0330).
    // The phonetic name keys after the date serve the other blocking key, same names with a
    // date a digit off (decision 0311), as one probe per date: one index where there were
    // two, each a random write per new patient (decision 0034).
    index('patients_dob_keys_names').on(
      t.dateOfBirth,
      t.lastNameKey,
      t.firstNameKey,
      t.lastName,
      t.firstName,
      t.preferredName,
      t.mergedInto,
    ),
    index('patients_phone').on(t.phone),
    // No index on the address: no query looks a patient up by it (a duplicate check compares
    // addresses of candidates already found), and it was a write per new patient (decision 0034).
    // Only merged records are in it (merge.ts finds those merged into one): a new patient,
    // never merged, writes no entry (decision 0030).
    index('patients_merged_into')
      .on(t.mergedInto)
      .where(sql`merged_into IS NOT NULL`),
  ],
);
// The name index `patients_fts` (FTS5) lives in a hand-written migration: drizzle
// does not model virtual tables.

// Child rows of a patient carry a slot (phone 0, primary coverage, ...) and an id made
// from the patient id and that slot, so the same slot edited on two workstations is
// the same row and merges per field, instead of becoming two rows. A patient's rows are
// therefore one range of each table's primary key (`loadChildRows`): phones, coverages,
// social-need answers and flagged needs have no index by patient_id, whose entries every
// intake save wrote into four more b-trees (decision 0030). People and consents keep theirs:
// the call log reads them by patient.

export const patientPhones = sqliteTable(
  'patient_phones',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    slot: integer('slot').notNull(),
    number: text('number').notNull(),
    type: text('type').notNull(),
    textOk: integer('text_ok', { mode: 'boolean' }).notNull(),
    voicemailOk: integer('voicemail_ok', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('patient_phones_number').on(t.number)],
);

export const patientPeople = sqliteTable(
  'patient_people',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    role: text('role', { enum: ['emergency', 'representative'] }).notNull(),
    name: text('name').notNull(),
    relationship: text('relationship'),
    phone: text('phone').notNull(),
    mayReceiveHealthInfo: integer('may_receive_health_info', { mode: 'boolean' }).notNull(),
    kind: text('kind'),
  },
  (t) => [index('patient_people_patient').on(t.patientId)],
);

export const patientCoverages = sqliteTable('patient_coverages', {
  id: text('id').primaryKey(),
  patientId: text('patient_id')
    .notNull()
    .references(() => patients.id),
  rank: text('rank', { enum: ['primary', 'secondary'] }).notNull(),
  payer: text('payer').notNull(),
  plan: text('plan'),
  memberId: text('member_id').notNull(),
  groupNumber: text('group_number'),
  subscriberName: text('subscriber_name'),
  subscriberRelationship: text('subscriber_relationship'),
});

export const patientConsents = sqliteTable(
  'patient_consents',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind', { enum: ['privacy-notice', 'treatment', 'release'] }).notNull(),
    given: integer('given', { mode: 'boolean' }).notNull(),
    date: text('date'),
    releaseTo: text('release_to'),
    releaseWhat: text('release_what'),
    expires: text('expires'),
  },
  (t) => [index('patient_consents_patient').on(t.patientId)],
);

/** One row per answered AHC HRSN question. */
export const patientSocialNeedAnswers = sqliteTable('patient_social_need_answers', {
  id: text('id').primaryKey(),
  patientId: text('patient_id')
    .notNull()
    .references(() => patients.id),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
});

/** A need the screening raised, open until the answers no longer raise it. */
export const patientFlaggedNeeds = sqliteTable('patient_flagged_needs', {
  id: text('id').primaryKey(),
  patientId: text('patient_id')
    .notNull()
    .references(() => patients.id),
  domain: text('domain').notNull(),
  reason: text('reason').notNull(),
  flaggedAt: text('flagged_at').notNull(),
  resolvedAt: text('resolved_at'),
});

/**
 * "Create anyway": a coordinator saw likely duplicates and created the patient with
 * a reason. Append-only, so a reviewer can find every such decision.
 */
export const patientDuplicateOverrides = sqliteTable(
  'patient_duplicate_overrides',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id')
      .notNull()
      .references(() => patients.id),
    candidateIds: text('candidate_ids').notNull(),
    reason: text('reason').notNull(),
    userId: text('user_id').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('patient_duplicate_overrides_patient').on(t.patientId)],
);

/**
 * A merge of `mergedId` into `survivorId`. `repointed` lists every reference moved
 * (table, row, column), so an admin can undo the merge exactly.
 */
export const patientMerges = sqliteTable(
  'patient_merges',
  {
    id: text('id').primaryKey(),
    survivorId: text('survivor_id')
      .notNull()
      .references(() => patients.id),
    mergedId: text('merged_id')
      .notNull()
      .references(() => patients.id),
    reason: text('reason').notNull(),
    repointed: text('repointed').notNull(),
    mergedBy: text('merged_by').notNull(),
    mergedAt: text('merged_at').notNull(),
    undoneBy: text('undone_by'),
    undoneAt: text('undone_at'),
  },
  (t) => [index('patient_merges_survivor').on(t.survivorId), index('patient_merges_merged').on(t.mergedId)],
);

/** An intake in progress, per user and form; local to this workstation, never synced. */
export const intakeDrafts = sqliteTable('intake_drafts', {
  /** `${userId}|${subject}`: subject is `new` or the id of the patient being edited. */
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  subject: text('subject').notNull(),
  data: text('data').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export type PatientRow = typeof patients.$inferSelect;

/** Seconds in the cycle of an MRN's leading digits: 10^6 s, about 11.6 days. */
const MRN_CYCLE_SECONDS = 1_000_000;
/** Draws of `make` before falling back to eleven random digits. */
const MRN_DRAWS_IN_SECOND = 32;

/**
 * A medical record number made on the workstation, so intake works offline: 11 digits and
 * a Luhn check digit (a typo in a read-back MRN is caught). The first six are the second of
 * an 11.6-day cycle it was drawn in, the other five random (decision 0038): numbers drawn
 * together sit together in the unique index, so a batch of new patients dirties a few of its
 * pages instead of nearly all of them. Across workstations a number is as unlikely to repeat
 * as eleven random digits, and `insertWithUnusedMrn` still draws again on a collision here.
 */
export function newMrn(now: number = Date.now()): string {
  const second = Math.floor(now / 1000) % MRN_CYCLE_SECONDS;
  const digits = [...String(second).padStart(6, '0')].map(Number).concat(randomDigits(5));
  return mrnOf(digits);
}

/** Eleven random digits: the fallback when one second's numbers run short here. */
function randomMrn(): string {
  return mrnOf(randomDigits(11));
}

const mrnOf = (digits: number[]): string => `MRN-${digits.join('')}${luhnCheckDigit(digits)}`;

/**
 * Inserts a new patient's row, its `mrn` set to a number no patient in this store has yet,
 * and returns that number and the row's rowid. Numbers do collide at clinic scale (about five pairs among a
 * million patients, decision 0321), and a collision must cost a retry, not the coordinator's
 * intake. The unique index answers it in the insert itself: a taken number fails only that
 * statement (the transaction goes on) and is drawn again, where a lookup before every insert
 * descended the same index twice (decision 0041). Should one second's hundred thousand
 * numbers be nearly all taken here (an import far faster than any today), the draw falls back
 * to eleven random digits rather than wait for the next second.
 */
export function insertWithUnusedMrn(
  store: Store,
  row: PatientRow,
  make: () => string = newMrn,
): { mrn: string; rowid: number | bigint } {
  for (let draws = 0; ; draws++) {
    row.mrn = draws < MRN_DRAWS_IN_SECOND ? make() : randomMrn();
    try {
      return { mrn: row.mrn, rowid: insertRow(store, patients, row).lastInsertRowid };
    } catch (error) {
      // Drawn again only when the number is what failed: a unique failure whose number another
      // patient holds. The store answers which, not the wording of SQLite's message; the failed
      // insert was undone alone (ABORT), so the lookup sees only other rows, and it runs only
      // on this failure path.
      if (!uniqueFailure(error) || !mrnOnFile(store, row.mrn)) throw error;
    }
  }
}

const uniqueFailure = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE';

/** Whether a patient in this store already has `mrn`. */
function mrnOnFile(store: Store, mrn: string): boolean {
  const statement = store.prepared('patients.mrnOnFile', ({ sqlite }) =>
    sqlite.prepare('SELECT 1 FROM patients WHERE mrn = ?').pluck(),
  );
  return statement.get(mrn) !== undefined;
}

function luhnCheckDigit(digits: number[]): number {
  let sum = 0;
  digits
    .slice()
    .reverse()
    .forEach((d, i) => {
      const v = i % 2 === 0 ? d * 2 : d;
      sum += v > 9 ? v - 9 : v;
    });
  return (10 - (sum % 10)) % 10;
}

const EMPTY_ROWS: IntakeRows = {
  phones: [],
  people: [],
  coverages: [],
  consents: [],
  answers: [],
  flags: [],
};

/**
 * The only way a patient is created: the patient row, its child rows and one outbox
 * entry per row, in the caller's transaction; the patient is noted for the name index,
 * which catches up after the commit and before any search (name-index.ts).
 */
export function insertPatient(store: Store, tx: Tx, intake: Intake, actor: Actor, now = new Date()): Patient {
  const at = now.toISOString();
  // Time-ordered: the patient and child-row keys append to their indexes (store/ids.ts).
  const id = timeOrderedUuid(now.getTime());
  const rows = intakeRows(id, intake, at, EMPTY_ROWS);
  const row: PatientRow = {
    id,
    mrn: '',
    ...rows.patient,
    ...nameKeys(rows.patient.firstName, rows.patient.lastName),
    createdAt: at,
    updatedAt: at,
    mergedInto: null,
  };
  const { rowid } = insertWithUnusedMrn(store, row);
  // Without its null fields (decision 0036): a missing column is NULL to every reader of the change.
  store.recordChange(tx, { tableName: 'patients', rowId: id, op: 'insert', fields: insertedFields(row) }, actor);
  writeChildRows(store, tx, EMPTY_ROWS, rows, actor);
  patientNameIndex(store).noteNew(tx, rowid);
  return row;
}

/** What the name index is made of (name-index.ts `indexedName`). */
const NAME_FIELDS = ['firstName', 'middleName', 'lastName', 'preferredName'] as const;

/**
 * Applies an edited intake: each row gets an `update` change holding only the fields
 * that changed (so the hub merges per field), child rows come and go as slots are
 * filled or cleared. Returns the changed patient fields (empty when nothing changed).
 */
export function updatePatient(
  store: Store,
  tx: Tx,
  before: PatientRow,
  intake: Intake,
  actor: Actor,
  now = new Date(),
): { patient: PatientRow; changed: string[] } {
  const at = now.toISOString();
  const previous = loadChildRows(tx, before.id);
  const rows = intakeRows(before.id, intake, at, previous);
  const next = { ...before, ...rows.patient, ...nameKeys(rows.patient.firstName, rows.patient.lastName) };
  const changed = Object.keys(rows.patient).filter(
    (k) => before[k as keyof PatientRow] !== next[k as keyof PatientRow],
  );
  const childChanges = writeChildRows(store, tx, previous, rows, actor);
  if (changed.length === 0 && childChanges === 0) return { patient: before, changed };
  const fields: Record<string, unknown> = Object.fromEntries(changed.map((k) => [k, next[k as keyof PatientRow]]));
  for (const k of ['firstNameKey', 'lastNameKey'] as const) if (before[k] !== next[k]) fields[k] = next[k];
  fields.updatedAt = at;
  const updated = { ...next, updatedAt: at };
  updateRowById(store, patients, before.id, fields);
  store.recordChange(tx, { tableName: 'patients', rowId: before.id, op: 'update', fields }, actor);
  // The index holds names only: an edit of anything else leaves it as it is.
  if (NAME_FIELDS.some((k) => before[k] !== next[k])) patientNameIndex(store).noteChanged(tx, before.id);
  return { patient: updated, changed: [...changed, ...(childChanges > 0 ? ['children'] : [])] };
}

/** Marks a patient merged into another (or clears it on undo), with change capture. */
export function setMergedInto(store: Store, tx: Tx, patientId: string, mergedInto: string | null, actor: Actor): void {
  const before = tx.select({ mergedInto: patients.mergedInto }).from(patients).where(eq(patients.id, patientId)).get();
  const fields = { mergedInto, updatedAt: new Date().toISOString() };
  tx.update(patients).set(fields).where(eq(patients.id, patientId)).run();
  store.recordChange(tx, { tableName: 'patients', rowId: patientId, op: 'update', fields }, actor);
  // A merged record leaves the name index; an unmerged one comes back. A record merged
  // before has no index row, so the catch-up need not look for one (a look that finds
  // nothing scans the index).
  patientNameIndex(store).noteChanged(tx, patientId, { unindexed: Boolean(before?.mergedInto) });
}

export function loadChildRows(tx: Tx | Store['db'], patientId: string): IntakeRows {
  // Slot ids are `<patient id>/<slot>`: every id from `<patient id>/` up to `<patient id>0`
  // ('0' follows '/'), read from the primary key; patient_id still has the last word.
  const own = (
    table:
      | typeof patientPhones
      | typeof patientPeople
      | typeof patientCoverages
      | typeof patientConsents
      | typeof patientSocialNeedAnswers
      | typeof patientFlaggedNeeds,
  ) => and(gt(table.id, `${patientId}/`), lt(table.id, `${patientId}0`), eq(table.patientId, patientId));
  return {
    phones: tx.select().from(patientPhones).where(own(patientPhones)).all(),
    people: tx.select().from(patientPeople).where(own(patientPeople)).all(),
    coverages: tx.select().from(patientCoverages).where(own(patientCoverages)).all(),
    consents: tx.select().from(patientConsents).where(own(patientConsents)).all(),
    answers: tx.select().from(patientSocialNeedAnswers).where(own(patientSocialNeedAnswers)).all(),
    flags: tx.select().from(patientFlaggedNeeds).where(own(patientFlaggedNeeds)).all(),
  };
}

function writeChildRows(store: Store, tx: Tx, before: IntakeRows, after: IntakeRows, actor: Actor): number {
  return (
    writeRowChanges(store, tx, patientPhones, 'patient_phones', before.phones, after.phones, actor) +
    writeRowChanges(store, tx, patientPeople, 'patient_people', before.people, after.people, actor) +
    writeRowChanges(store, tx, patientCoverages, 'patient_coverages', before.coverages, after.coverages, actor) +
    writeRowChanges(store, tx, patientConsents, 'patient_consents', before.consents, after.consents, actor) +
    writeRowChanges(
      store,
      tx,
      patientSocialNeedAnswers,
      'patient_social_need_answers',
      before.answers,
      after.answers,
      actor,
    ) +
    writeRowChanges(store, tx, patientFlaggedNeeds, 'patient_flagged_needs', before.flags, after.flags, actor)
  );
}

/** Counts patients without a full scan of the row data (used by tests and the seed). */
export function countPatients(db: Store['db']): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM patients`).n;
}

// What a merge does with each patient column of this feature (decision 0320): a
// record's own rows stay with it, so both charts are kept whole and an undo has
// nothing to put back.
for (const table of [
  'patient_phones',
  'patient_people',
  'patient_coverages',
  'patient_consents',
  'patient_social_need_answers',
  'patient_flagged_needs',
]) {
  registerPatientReference({ mode: 'keep', table, column: 'patient_id', why: "the record's own demographics" });
}
registerPatientReference({
  mode: 'keep',
  table: 'patient_duplicate_overrides',
  column: 'patient_id',
  why: 'append-only: why this record was created despite likely duplicates',
});
registerPatientReference({
  mode: 'keep',
  table: 'patients',
  column: 'merged_into',
  why: 'the merge itself; records merged earlier into the merged one are moved by mergePatients',
});
for (const column of ['survivor_id', 'merged_id']) {
  registerPatientReference({ mode: 'keep', table: 'patient_merges', column, why: 'the merge itself' });
}
registerPatientReference({
  mode: 'keep',
  table: 'intake_drafts',
  column: 'subject',
  why: "a user's unsaved edit of that record's demographics, never applied to another record",
});
