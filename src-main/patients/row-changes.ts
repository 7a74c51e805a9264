import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { deleteRowById, insertRow, updateRowById } from '../store/row-statements';
import type { Actor, Store, Tx } from '../store/store';

type Row = { id: string } & Record<string, unknown>;
type TableWithId = SQLiteTable & { id: SQLiteColumn };

/**
 * Brings a patient's child rows of one table from `before` to `after`, row by row:
 * a new row is an `insert`, a row gone is a `delete`, and a row whose fields changed
 * is an `update` that carries only those fields, so the hub can merge per field.
 * Returns how many changes it recorded. Rows are written with statements prepared
 * once per store (store/row-statements.ts), inside the caller's transaction `tx`.
 */
export function writeRowChanges<R extends Row>(
  store: Store,
  tx: Tx,
  table: TableWithId,
  tableName: string,
  before: readonly R[],
  after: readonly R[],
  actor: Actor,
): number {
  const old = new Map(before.map((r) => [r.id, r]));
  let changes = 0;
  for (const row of after) {
    const was = old.get(row.id);
    old.delete(row.id);
    if (!was) {
      insertRow(store, table, row);
      store.recordChange(tx, { tableName, rowId: row.id, op: 'insert', fields: insertedFields(row) }, actor);
      changes++;
      continue;
    }
    const fields = changedFields(was, row);
    if (Object.keys(fields).length === 0) continue;
    updateRowById(store, table, row.id, fields);
    store.recordChange(tx, { tableName, rowId: row.id, op: 'update', fields }, actor);
    changes++;
  }
  for (const gone of old.values()) {
    deleteRowById(store, table, gone.id);
    store.recordChange(tx, { tableName, rowId: gone.id, op: 'delete', fields: {} }, actor);
    changes++;
  }
  return changes;
}

/**
 * What an insert's change carries: the row without its empty (null) fields, about a third
 * of a new patient's outbox entry, the largest share of the pages a bulk insert writes
 * (decision 0036). A new row is a whole row: the hub keeps the fields it names, and a
 * pulled record's missing column reads as NULL (sync/appliers.ts), so nothing is lost.
 */
export function insertedFields(row: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key in row) if (row[key] !== null && row[key] !== undefined) fields[key] = row[key];
  return fields;
}

/** The fields of `next` whose values differ from `prev`. */
export function changedFields(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => prev[k] !== v));
}
