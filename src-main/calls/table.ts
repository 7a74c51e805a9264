import { getTableColumns, sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Addendum, NewCall } from '../../src-shared/calls/schemas';
import { timeOrderedUuid } from '../store/ids';
import type { Store, Tx } from '../store/store';
import { registerPatientReference } from '../patients/references';

/**
 * The call log: legal history. Rows are written once and never changed (triggers in
 * the migration refuse UPDATE and DELETE); a correction is an addendum.
 */
export const callLogEntries = sqliteTable(
  'call_log_entries',
  {
    id: text('id').primaryKey(),
    direction: text('direction').notNull(),
    /** E.164; null when the number was withheld. */
    phone: text('phone'),
    patientId: text('patient_id'),
    callerKind: text('caller_kind').notNull(),
    callerName: text('caller_name').notNull(),
    reason: text('reason').notNull(),
    outcome: text('outcome').notNull(),
    notes: text('notes').notNull(),
    /** UTC ISO instants, so text order is time order. */
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at').notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    appointmentId: text('appointment_id'),
    referralId: text('referral_id'),
    followUpDue: text('follow_up_due'),
    coordinatorId: text('coordinator_id').notNull(),
    coordinatorName: text('coordinator_name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  // Filters and sorts run over CallIndex in memory (decision 0401), so the only SQL index
  // besides the primary key is the one today's figures read; each index is one more page
  // written and encrypted in every call's commit (decision 0412).
  (t) => [index('call_log_started').on(t.startedAt)],
);

/** Corrections to a call entry, each with its author and time. Append-only too. */
export const callLogAddenda = sqliteTable(
  'call_log_addenda',
  {
    id: text('id').primaryKey(),
    callId: text('call_id')
      .notNull()
      .references(() => callLogEntries.id),
    text: text('text').notNull(),
    authorId: text('author_id').notNull(),
    authorName: text('author_name').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('call_log_addenda_call').on(t.callId, t.at)],
);

export type CallRow = typeof callLogEntries.$inferSelect;

export interface CallActor {
  userId: string;
  name: string;
}

/**
 * Appends a call entry and its outbox entry, in the caller's transaction. Its quick
 * search words (caller, notes, the number's digits) are indexed after the commit, by
 * CallSearchIndex (decision 0412). The id is time-ordered (store/ids.ts).
 */
export function appendCall(store: Store, tx: Tx, input: NewCall, actor: CallActor): CallRow {
  const startedAt = new Date(input.startedAt).toISOString();
  const endedAt = new Date(input.endedAt).toISOString();
  const row: CallRow = {
    id: timeOrderedUuid(),
    direction: input.direction,
    phone: input.phone,
    patientId: input.patientId,
    callerKind: input.callerKind,
    callerName: input.callerName,
    reason: input.reason,
    outcome: input.outcome,
    notes: input.notes,
    startedAt,
    endedAt,
    durationSeconds: Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 1000),
    appointmentId: input.appointmentId,
    referralId: input.referralId,
    followUpDue: input.followUpDue ? new Date(input.followUpDue).toISOString() : null,
    coordinatorId: actor.userId,
    coordinatorName: actor.name,
    createdAt: new Date().toISOString(),
  };
  insertCallStatement(store).run(row);
  store.recordChange(tx, { tableName: 'call_log_entries', rowId: row.id, op: 'append', fields: { ...row } }, actor);
  return row;
}

export function appendAddendum(store: Store, tx: Tx, callId: string, text: string, actor: CallActor): Addendum {
  const addendum: Addendum = {
    id: timeOrderedUuid(),
    callId,
    text,
    authorId: actor.userId,
    authorName: actor.name,
    at: new Date().toISOString(),
  };
  tx.insert(callLogAddenda).values(addendum).run();
  store.recordChange(
    tx,
    { tableName: 'call_log_addenda', rowId: addendum.id, op: 'append', fields: { ...addendum } },
    actor,
  );
  return addendum;
}

const CALL_COLUMNS = Object.keys(getTableColumns(callLogEntries)) as (keyof CallRow)[];

/** Prepared once per store: the call log is a hot write path (see Store.prepared). */
function insertCallStatement(store: Store) {
  return store.prepared('calls.insert', (s) =>
    s.db
      .insert(callLogEntries)
      .values(Object.fromEntries(CALL_COLUMNS.map((c) => [c, sql.placeholder(c)])) as Record<keyof CallRow, never>)
      .prepare(),
  );
}

// Legal history stays on the record it was logged for; the merged record links to the survivor (decision 0320).
registerPatientReference({
  mode: 'keep',
  table: 'call_log_entries',
  column: 'patient_id',
  why: 'append-only legal history: the store refuses to edit a call entry',
});
