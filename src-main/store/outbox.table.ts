import { sql } from 'drizzle-orm';
import { customType, integer, sqliteTable, text, index } from 'drizzle-orm/sqlite-core';
import { HLC_WITHOUT_NODE } from '../../src-shared/hlc';
import { outboxKeys, type OutboxKeys } from './outbox-keys';
import { uuidBytes, uuidFromHex, uuidText } from './ids';

/**
 * A change id: stored as its 16 bytes by `Store.recordChange` (decision 0044), as text by
 * versions before; read as the text either way (`outboxChangeId`).
 */
const changeIdColumn = customType<{ data: string; driverData: Buffer | string }>({
  dataType: () => 'text',
  toDriver: (id) => uuidBytes(id),
  fromDriver: (stored) => outboxChangeId(stored),
});

/**
 * SQL reading an entry's change id as text: the hex of its 16 bytes, or the uuid an earlier version
 * stored. The push reads thousands a batch, and a blob comes back as a Buffer per row (decision 0044,
 * see `outboxChangeId`); `outboxChangeId` takes either.
 */
export const CHANGE_ID_AS_TEXT = `CASE typeof(change_id) WHEN 'blob' THEN hex(change_id) ELSE change_id END`;

/**
 * A change's id from its stored entry: 16 bytes, their hex (`CHANGE_ID_AS_TEXT`), or the uuid an earlier version stored.
 *
 * Where the two read paths meet: the typed read (`changeIdColumn`) gets the bytes, as drizzle
 * can only select the column itself; the push gets their hex. One path would cost the push:
 * its 10,000 entries read as blobs took ~10 ms more CPU than as hex, ~1 µs a change, and the
 * uuid grouped in SQL ~2–7 ms more (decision 0044, measured again in session 10). So both are
 * kept, and both end in `uuidFromHex`.
 */
export function outboxChangeId(stored: Uint8Array | string): string {
  if (typeof stored !== 'string') return uuidText(stored);
  return stored.length === 32 ? uuidFromHex(stored.toLowerCase()) : stored;
}

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
    // and the index was a fifth of what every change wrote (decision 0030). Its 16 bytes
    // since decision 0044 (the column is still declared text: SQLite keeps a blob as it is).
    changeId: changeIdColumn('change_id').notNull(),
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
  // Only entries set aside (or marked by versions before 0136) have `sent_at`: retention and
  // "send everything again" find them here. A new entry writes nothing in it, and the unsent
  // (`UNSENT`) are a range of the primary key after the last acknowledgement (decision 0046).
  (t) => [
    index('outbox_set_aside')
      .on(t.sentAt)
      .where(sql`${t.sentAt} IS NOT NULL`),
  ],
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
 * An outbox entry is stored smaller than the change it holds (decisions 0039, 0043): the outbox
 * is the largest b-tree a write dirties, and SQLCipher encrypts every page of it at the commit
 * and again at the checkpoint. What it leaves out is put back by every reader (`outboxFields`,
 * `outboxHlc`); the change the hub receives is the same, byte for byte, and entries stored
 * before are read as they are.
 * - An insert's or append's `id`, when it is the first field and equals `row_id`: every synced
 *   table is keyed by `id`, and every writer puts the row's id first (`{ ...row }`).
 * - An insert's or append's field names, for a table listed in outbox-keys.ts: its fields are
 *   stored as `["<a character per field>", value, …]` (a JSON array: an entry stored as plain
 *   JSON is an object), values as JSON writes them, in the change's own order.
 * - The clock stamp's node: every entry is stamped by this store's clock, whose node is this
 *   workstation (`Store.recordChange` is the outbox's one writer).
 */

/** An outbox entry as stored: what `outboxFields` reads. */
export interface StoredOutboxEntry {
  table_name: string;
  op: string;
  row_id: string;
  fields: string;
}

const leavesOutId = (op: string) => op === 'insert' || op === 'append';

/** What `fields` holds for a change: its JSON, without an insert's or append's leading `id`, by position where it can. */
export function storedOutboxFields(
  tableName: string,
  op: string,
  rowId: string,
  fields: Record<string, unknown>,
): string {
  if (!leavesOutId(op)) return JSON.stringify(fields);
  const keys = outboxKeys(tableName);
  const byPosition = keys && fieldsByPosition(keys, rowId, fields);
  if (byPosition) return byPosition;
  const json = JSON.stringify(fields);
  const head = `{"id":${JSON.stringify(rowId)}`;
  if (!json.startsWith(head)) return json;
  const next = json[head.length];
  return next === '}' ? '{}' : next === ',' ? `{${json.slice(head.length + 1)}` : json;
}

/**
 * `["<characters>", value, …]`, or null when a field has no character (stored as plain JSON then).
 * Fields JSON leaves out of an object (undefined, functions) are left out here too, so the first
 * field is the one JSON would write first; a value with its own `toJSON` goes as plain JSON (in
 * an array, one that says undefined would be written as null).
 */
function fieldsByPosition(keys: OutboxKeys, rowId: string, fields: Record<string, unknown>): string | null {
  const values: unknown[] = [''];
  let aliases = '';
  let first = true;
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function')
      return null;
    const leading = first;
    first = false;
    if (leading && name === 'id' && value === rowId) continue;
    const alias = keys.aliasOf.get(name);
    if (alias === undefined) return null;
    aliases += alias;
    values.push(value);
  }
  values[0] = aliases;
  return JSON.stringify(values);
}

/** A change's fields from its stored entry (JSON.parse's error, or one naming a field unknown here, for an unreadable one). */
export function outboxFields(entry: StoredOutboxEntry): Record<string, unknown> {
  const { op, row_id: rowId } = entry;
  const parsed = JSON.parse(entry.fields) as unknown;
  const fields = Array.isArray(parsed)
    ? fieldsFromPositions(entry.table_name, parsed)
    : (parsed as Record<string, unknown>);
  if (!leavesOutId(op) || fields === null || typeof fields !== 'object' || 'id' in fields) return fields;
  return { id: rowId, ...fields };
}

function fieldsFromPositions(tableName: string, stored: unknown[]): Record<string, unknown> {
  const aliases = stored[0];
  const keys = outboxKeys(tableName);
  if (!keys || typeof aliases !== 'string' || aliases.length !== stored.length - 1)
    throw new Error(`An outbox entry of ${tableName} stored by position is unreadable`);
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < aliases.length; i++) {
    const name = keys.nameAt[aliases.charCodeAt(i)];
    if (name === undefined) throw new Error(`An outbox entry of ${tableName} names a field unknown here`);
    fields[name] = stored[i + 1];
  }
  return fields;
}

/**
 * About how long an entry's fields are on the wire (the push keeps a batch under the hub's body
 * limit): a field stored by position is its name there, and the name's quotes and colon.
 */
export function outboxFieldsLength(tableName: string, stored: string): number {
  if (!stored.startsWith('["')) return stored.length;
  const keys = outboxKeys(tableName);
  const end = stored.indexOf('"', 2);
  return keys && end > 0 ? stored.length + (end - 2) * (keys.longest + 3) : stored.length;
}

/** A change's clock stamp from its stored entry: one stored without its node is this workstation's. */
export function outboxHlc(stored: string, deviceId: string): string {
  return stored.length === HLC_WITHOUT_NODE ? `${stored}-${deviceId}` : stored;
}
