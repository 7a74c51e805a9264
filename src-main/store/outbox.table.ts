import { integer, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';

/**
 * Every local change waiting for the hub, in the order it was made. Written in the
 * same transaction as the row it describes, so a change is either both applied and
 * queued, or neither.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    // Not indexed (migration 0016): nothing here looks a change up by its id; the hub
    // keys its results on it. A v7 uuid from the random pool cannot repeat in practice,
    // and the index was a fifth of what every change wrote (decision 0030).
    changeId: text('change_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    op: text('op', { enum: ['insert', 'update', 'delete', 'append'] }).notNull(),
    /** JSON of the fields written (all of them for insert/append, the changed ones for update). */
    fields: text('fields').notNull(),
    hlc: text('hlc').notNull(),
    userId: text('user_id'),
    createdAt: text('created_at').notNull(),
    /**
     * Set when the engine set the entry aside (malformed: it went to the worklist instead), or,
     * by versions before decision 0136, once the hub had recorded a result for it. Entries the
     * hub acknowledges now are counted by `outboxAcks` instead: see `UNSENT`.
     */
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_unsent').on(t.sentAt, t.seq)],
);

/**
 * The outbox's acknowledged batches (decision 0136): every entry up to `toSeq` has a result at
 * the hub. One row per batch instead of a mark on each of its entries; the largest `toSeq` is
 * how far the outbox is acknowledged, and `ackedAt` dates the entries for the retention window.
 */
export const outboxAcks = sqliteTable('outbox_acks', {
  toSeq: integer('to_seq').primaryKey(),
  ackedAt: text('acked_at').notNull(),
});

/** How far the outbox is acknowledged: every entry up to this seq has a result at the hub. */
export const ACKNOWLEDGED_TO_SEQ = '(SELECT coalesce(max(to_seq), 0) FROM outbox_acks)';

/**
 * SQL condition of an outbox entry still to send: not set aside, not acknowledged. An entry
 * acknowledged is never sent again and one not acknowledged always is (until the hub is
 * restored from a backup, when everything goes again).
 */
export const UNSENT = `sent_at IS NULL AND seq > ${ACKNOWLEDGED_TO_SEQ}`;
