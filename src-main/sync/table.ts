import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { registerPatientReference } from '../patients/references';

/**
 * Where this workstation stands with the hub: one row (id 1). The device secret
 * and token live here because the whole store is encrypted.
 */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  hubUrl: text('hub_url').notNull(),
  deviceId: text('device_id'),
  deviceSecret: text('device_secret'),
  organizationId: text('organization_id'),
  /** The hub epoch last seen; a different one means the hub was restored from a backup. */
  epoch: text('epoch'),
  /** The hub sequence applied up to: every row version at or below it is in this store. */
  cursor: integer('cursor').notNull().default(0),
  /** The next batch number to send; a batch keeps its number until the hub answers. */
  nextBatchSeq: integer('next_batch_seq').notNull().default(1),
  /** The batch on the wire: outbox entries up to this seq, sent as `nextBatchSeq`. */
  inflightToSeq: integer('inflight_to_seq'),
  /**
   * How many changes the hub said it takes in one push, at sign-in or in its last push
   * answer (decisions 0130, 0134), so a restarted engine's first push is that size too;
   * null while it has named none (a hub before 0130): pushes then start at 500.
   */
  hubBatchChanges: integer('hub_batch_changes'),
  token: text('token'),
  tokenExpiresAt: text('token_expires_at'),
  userId: text('user_id'),
  highWater: integer('high_water').notNull().default(0),
  lastSuccessAt: text('last_success_at'),
  lastError: text('last_error'),
});

/** The sync worklist: conflicts, rebook tasks, possible duplicates, rejected changes. */
export const syncReview = sqliteTable(
  'sync_review',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: ['conflict', 'rebook', 'possible_duplicate', 'rejected'] }).notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    /** JSON array. */
    patientIds: text('patient_ids').notNull(),
    /** JSON object; may hold field values (PHI), which is why it lives only in the encrypted store. */
    details: text('details').notNull(),
    reason: text('reason'),
    assignedUserId: text('assigned_user_id'),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
    /** `hub`: an item every workstation of the clinic sees; `local`: a change only this one made. */
    source: text('source', { enum: ['hub', 'local'] }).notNull(),
  },
  (t) => [index('sync_review_open').on(t.resolvedAt, t.createdAt)],
);

/**
 * Rows pulled for a table no feature on this workstation applies yet (a newer
 * hub, a feature still being built). Kept, not dropped, and applied once an
 * applier is registered, so the cursor can move on without losing them.
 */
export const syncParked = sqliteTable('sync_parked', {
  seq: integer('seq').primaryKey(),
  tableName: text('table_name').notNull(),
  rowId: text('row_id').notNull(),
  op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
  fields: text('fields').notNull(),
  hlc: text('hlc'),
});

registerPatientReference({
  mode: 'keep',
  table: 'sync_review',
  column: 'patient_ids',
  why: 'a review item names the records it was raised about; a merged record links to its survivor',
});
