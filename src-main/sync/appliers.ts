import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from '../store/store';

/** What an applier writes with: the page's transaction (drizzle) and its connection (prepared statements). */
export interface ApplyContext {
  tx: Tx;
  sqlite: Database.Database;
}

/**
 * How pulled rows of one table land in this store. An applier writes inside the
 * page's transaction and never through the table's change-capture function: a row
 * that came from the hub is not a local change and must not go back out.
 */
export interface RowApplier {
  upsert(ctx: ApplyContext, rowId: string, fields: Record<string, unknown>): void;
  remove(ctx: ApplyContext, rowId: string): void;
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
  /** Runs after a row is written (keep a search index in step, say); `isNew` when it was not here before. */
  afterUpsert?(ctx: ApplyContext, row: Record<string, unknown>, isNew: boolean): void;
  /** Runs before a row is removed (drop its index entries). */
  beforeRemove?(ctx: ApplyContext, rowId: string): void;
}

/**
 * Prepared statements per connection, made once: a first sync applies hundreds of
 * thousands of rows, and compiling a statement per row costs more than the write.
 */
export function statementCache() {
  const byConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();
  return (sqlite: Database.Database, text: string): Database.Statement => {
    let cache = byConnection.get(sqlite);
    if (!cache) byConnection.set(sqlite, (cache = new Map<string, Database.Statement>()));
    let statement = cache.get(text);
    if (!statement) cache.set(text, (statement = sqlite.prepare(text)));
    return statement;
  };
}

/**
 * The applier for a plain drizzle table keyed by `id`: fields arrive under the
 * table's TypeScript names (what its write functions put in the outbox) and are
 * converted the way drizzle would. Fields this version of the table does not have
 * are ignored, so a newer workstation's rows still apply here.
 */
export function tableApplier(table: SQLiteTable & { id: SQLiteColumn }, hooks: TableApplierHooks = {}): RowApplier {
  const name = getTableName(table);
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key !== 'id');
  const statement = statementCache();
  const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
  // Rows of one table arrive with the same fields, page after page: the statement for
  // a set of fields is worked out once, not per row.
  const shapes = new Map<string, { present: typeof columns; text: string }>();
  const shapeOf = (fields: Record<string, unknown>) => {
    const signature = Object.keys(fields).join('\u0000');
    let shape = shapes.get(signature);
    if (!shape) {
      const present = columns.filter(([key]) => key in fields);
      const names = present.map(([, column]) => quote(column.name));
      const text =
        `INSERT INTO ${quote(name)} ("id"${names.map((n) => `, ${n}`).join('')}) VALUES (?${', ?'.repeat(names.length)}) ` +
        (names.length
          ? `ON CONFLICT("id") DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`
          : 'ON CONFLICT("id") DO NOTHING');
      shapes.set(signature, (shape = { present, text }));
    }
    return shape;
  };
  return {
    upsert(ctx, rowId, wire) {
      const fields = hooks.prepare ? hooks.prepare(wire) : wire;
      const { present, text } = shapeOf(fields);
      const values = present.map(([key, column]) => toDriver(column, fields[key]));
      const isNew = hooks.afterUpsert
        ? statement(ctx.sqlite, `SELECT 1 FROM ${quote(name)} WHERE "id" = ?`).get(rowId) === undefined
        : false;
      statement(ctx.sqlite, text).run(rowId, ...values);
      hooks.afterUpsert?.(ctx, { ...fields, id: rowId }, isNew);
    },
    remove(ctx, rowId) {
      hooks.beforeRemove?.(ctx, rowId);
      statement(ctx.sqlite, `DELETE FROM ${quote(name)} WHERE "id" = ?`).run(rowId);
    },
  };
}

function toDriver(column: { mapToDriverValue(value: unknown): unknown }, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const mapped: unknown = column.mapToDriverValue(value);
  // A JSON value kept in a text column the table did not declare as json.
  return typeof mapped === 'object' && mapped !== null && !Buffer.isBuffer(mapped) ? JSON.stringify(mapped) : mapped;
}
