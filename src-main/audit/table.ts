import { integer, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { registerPatientReference } from '../patients/references';

/**
 * Who did what to which patient, and when. Append-only and hash-chained: each
 * entry carries the hash of the one before it, so an edited, removed or reordered
 * entry breaks the chain.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    // Not indexed (migration 0018): entries are read in seq order, never by id; the hub
    // keys its copy on it (decision 0030).
    id: text('id').notNull(),
    at: text('at').notNull(),
    userId: text('user_id'),
    username: text('username'),
    workstation: text('workstation').notNull(),
    action: text('action').notNull(),
    channel: text('channel'),
    /** JSON array of patient ids. */
    patientIds: text('patient_ids').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_at').on(t.at),
    // The admin screen filters by person and by action.
    index('audit_events_username').on(t.username),
    index('audit_events_action').on(t.action),
  ],
);

registerPatientReference({
  mode: 'keep',
  table: 'audit_events',
  column: 'patient_ids',
  why: 'the audit trail is append-only and says which record was touched at the time',
});
