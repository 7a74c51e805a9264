import { getTableColumns, eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../store/store';

/**
 * How pulled rows of one table land in this store. An applier writes with the
 * transaction it is given and never through the table's change-capture function:
 * a row that came from the hub is not a local change and must not go back out.
 */
export interface RowApplier {
  upsert(tx: Tx, rowId: string, fields: Record<string, unknown>): void;
  remove(tx: Tx, rowId: string): void;
}

/** Tables whose pulled rows this workstation can apply; features register theirs at start. */
export class ApplierRegistry {
  private readonly appliers = new Map<string, RowApplier>();

  register(tableName: string, applier: RowApplier): this {
    this.appliers.set(tableName, applier);
    return this;
  }

  get(tableName: string): RowApplier | undefined {
    return this.appliers.get(tableName);
  }

  tables(): string[] {
    return [...this.appliers.keys()];
  }
}

export interface TableApplierHooks {
  /** Turns the wire form into the row form (a JSON array kept as text, say). */
  prepare?(fields: Record<string, unknown>): Record<string, unknown>;
  /** Runs after a row is written (keep a search index in step, say). */
  afterUpsert?(tx: Tx, row: Record<string, unknown>): void;
  /** Runs before a row is removed (drop its index entries, its child rows). */
  beforeRemove?(tx: Tx, rowId: string): void;
}

/**
 * The applier for a plain drizzle table keyed by `id`: fields arrive under the
 * table's TypeScript names (what its write functions put in the outbox). Fields
 * this version of the table does not have are ignored, so a newer workstation's
 * rows still apply here.
 */
export function tableApplier(table: SQLiteTable & { id: SQLiteColumn }, hooks: TableApplierHooks = {}): RowApplier {
  const columns = Object.keys(getTableColumns(table));
  return {
    upsert(tx, rowId, wire) {
      const fields = hooks.prepare ? hooks.prepare(wire) : wire;
      const row: Record<string, unknown> = { id: rowId };
      for (const name of columns) if (name in fields) row[name] = fields[name];
      const { id: _id, ...set } = row;
      const insert = tx.insert(table).values(row as never);
      (Object.keys(set).length
        ? insert.onConflictDoUpdate({ target: table.id, set: set as never })
        : insert.onConflictDoNothing()
      ).run();
      hooks.afterUpsert?.(tx, row);
    },
    remove(tx, rowId) {
      hooks.beforeRemove?.(tx, rowId);
      tx.delete(table).where(eq(table.id, rowId)).run();
    },
  };
}
