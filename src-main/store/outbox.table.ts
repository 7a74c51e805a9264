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
    /** Set by the sync engine once the hub has recorded a result for this change. */
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_unsent').on(t.sentAt, t.seq)],
);
