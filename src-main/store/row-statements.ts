import { Column as DrizzleColumn, getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Store } from './store';

/**
 * Inserts, updates and deletes by id for any drizzle table, as raw better-sqlite3
 * statements prepared once per store (`Store.prepared`). Building a drizzle query per
 * row cost more than the write itself (issue 2's insert budget); these bind values
 * the way drizzle would (each column's `mapToDriverValue`, booleans as 0/1) so the
 * stored rows are the same. They run inside the caller's transaction.
 */

type Row = Record<string, unknown>;
type Column = SQLiteColumn & { default?: unknown; defaultFn?: () => unknown };

/** A table or column name as an SQL identifier, whatever characters it holds. */
export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function columnsOf(table: SQLiteTable): Array<[key: string, column: Column]> {
  return Object.entries(getTableColumns(table)) as Array<[string, Column]>;
}

/** A value as drizzle would bind it; a missing value takes the column's default, as in drizzle's insert. */
function driverValue(column: Column, value: unknown): unknown {
  if (value === undefined) {
    if (column.defaultFn) value = column.defaultFn();
    else if (column.default !== undefined) value = column.default;
    else return null;
  }
  return value === null ? null : column.mapToDriverValue(value);
}

/**
 * How one column's value is bound, decided once per table: the same result as
 * `driverValue`, but text and plain integer columns (whose mapping is the identity)
 * and booleans skip drizzle's per-value method calls, which showed in insert profiles.
 */
function binderOf(column: Column): (value: unknown) => unknown {
  if (column.defaultFn || column.default !== undefined) return (value) => driverValue(column, value);
  if (column.mapToDriverValue === DrizzleColumn.prototype.mapToDriverValue) return (value) => value ?? null;
  if (column.columnType === 'SQLiteBoolean')
    return (value) => (value === undefined || value === null ? null : value ? 1 : 0);
  return (value) => driverValue(column, value);
}

/** Inserts one row (every column of the table); returns the run result (its `lastInsertRowid` is the rowid). */
export function insertRow(store: Store, table: SQLiteTable, row: Row): Database.RunResult {
  const { statement, keys, binders } = store.prepared(`row.insert:${getTableName(table)}`, (s) => {
    const name = getTableName(table);
    const columns = columnsOf(table);
    const sql = `INSERT INTO ${quote(name)} (${columns.map(([, c]) => quote(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    return {
      statement: s.sqlite.prepare(sql),
      keys: columns.map(([key]) => key),
      binders: columns.map(([, column]) => binderOf(column)),
    };
  });
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = binders[i]!(row[keys[i]!]);
  return statement.run(values);
}

/** Sets `fields` (keys of the table's columns) on the row with this id. */
export function updateRowById(store: Store, table: SQLiteTable, id: string, fields: Row): Database.RunResult {
  const name = getTableName(table);
  // drizzle's set() skips undefined values; so does this.
  const keys = Object.keys(fields).filter((k) => fields[k] !== undefined);
  // One statement per set of changed fields: an intake edit touches few distinct sets.
  const { statement, columns } = store.prepared(`row.update:${name}:${keys.join(',')}`, (s) => {
    const all = getTableColumns(table) as Record<string, Column>;
    const columns = keys.map((k) => {
      const column = all[k];
      if (!column) throw new Error(`${name} has no column ${k}`);
      return column;
    });
    const idColumn = all.id;
    if (!idColumn) throw new Error(`${name} has no id column`);
    const sql = `UPDATE ${quote(name)} SET ${columns.map((c) => `${quote(c.name)} = ?`).join(', ')} WHERE ${quote(idColumn.name)} = ?`;
    return { statement: s.sqlite.prepare(sql), columns };
  });
  return statement.run([
    ...keys.map((k, i) => (fields[k] === null ? null : columns[i]!.mapToDriverValue(fields[k]))),
    id,
  ]);
}

/** Deletes the row with this id. */
export function deleteRowById(store: Store, table: SQLiteTable, id: string): Database.RunResult {
  const name = getTableName(table);
  const statement = store.prepared(`row.delete:${name}`, (s) => {
    const idColumn = (getTableColumns(table) as Record<string, Column>).id;
    if (!idColumn) throw new Error(`${name} has no id column`);
    return s.sqlite.prepare(`DELETE FROM ${quote(name)} WHERE ${quote(idColumn.name)} = ?`);
  });
  return statement.run(id);
}

/**
 * Turns raw rows of a `SELECT *` on the table (column names, driver values) into the
 * rows drizzle's `select()` returns (column keys, booleans), with a mapping built once
 * per table: on read paths that return many rows drizzle's per-row mapping costs as
 * much as the query.
 */
export function rowReader<T>(table: SQLiteTable): (raw: Record<string, unknown>) => T {
  const columns = columnsOf(table);
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T;
  };
}
