import { integer, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { HLC_WITHOUT_NODE } from '../../src-shared/hlc';

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
    // No `created_at` (migration 0025, decision 0039): the clock stamp dates the change.
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

/*
 * An outbox entry is stored smaller than the change it holds (decision 0039): the outbox is
 * the largest b-tree a write dirties, and SQLCipher encrypts every page of it at the commit and
 * again at the checkpoint. Two parts of a change are already elsewhere in its entry, so they
 * are left out when it is stored and put back by every reader (`outboxFields`, `outboxHlc`); the
 * change the hub receives is the same, byte for byte, and entries stored before are read as
 * they are.
 * - An insert's or append's `id`, when it is the first field and equals `row_id`: every synced
 *   table is keyed by `id`, and every writer puts the row's id first (`{ ...row }`).
 * - The clock stamp's node: every entry is stamped by this store's clock, whose node is this
 *   workstation (`Store.recordChange` is the outbox's one writer).
 */

/** What `fields` holds for a change: its JSON, without an insert's or append's leading `id`. */
export function storedOutboxFields(op: string, rowId: string, fields: Record<string, unknown>): string {
  const json = JSON.stringify(fields);
  if (op !== 'insert' && op !== 'append') return json;
  const head = `{"id":${JSON.stringify(rowId)}`;
  if (!json.startsWith(head)) return json;
  const next = json[head.length];
  return next === '}' ? '{}' : next === ',' ? `{${json.slice(head.length + 1)}` : json;
}

/** A change's fields from its stored entry (JSON.parse's error for an unreadable one). */
export function outboxFields(op: string, rowId: string, stored: string): Record<string, unknown> {
  const fields = JSON.parse(stored) as Record<string, unknown>;
  if ((op !== 'insert' && op !== 'append') || fields === null || typeof fields !== 'object' || 'id' in fields)
    return fields;
  return { id: rowId, ...fields };
}

/** A change's clock stamp from its stored entry: one stored without its node is this workstation's. */
export function outboxHlc(stored: string, deviceId: string): string {
  return stored.length === HLC_WITHOUT_NODE ? `${stored}-${deviceId}` : stored;
}
