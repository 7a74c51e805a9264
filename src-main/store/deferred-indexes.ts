import type Database from 'better-sqlite3';
import { quote } from './row-statements';

/** The `store_meta` entry naming the indexes a bulk load dropped, with their definitions. */
const DEFERRED_INDEXES = 'deferred_indexes';

interface IndexDefinition {
  name: string;
  /** The index's table; absent from notes written before decision 0164. */
  table?: string;
  sql: string;
}

/**
 * Drops the secondary indexes of `tables` for a bulk load (a first sync, decision 0140)
 * and notes their definitions in `store_meta`, both in the caller's transaction: rows
 * land without a random write into every index per row, and the indexes are built once,
 * sorted, by `buildDeferredIndexes`. Unique indexes stay: they are constraints, and a
 * row that breaks one must fail where it is applied. Does nothing if indexes are already
 * deferred.
 */
export function deferIndexes(sqlite: Database.Database, tables: readonly string[]): void {
  for (const { text, values } of deferIndexStatements(sqlite, tables)) sqlite.prepare(text).run(values);
}

/**
 * The statements `deferIndexes` runs, for another connection to run in its transaction
 * (the page writer, with a first sync's first page: decision 0163); none when indexes are
 * already deferred or none would be dropped.
 */
export function deferIndexStatements(
  sqlite: Database.Database,
  tables: readonly string[],
): Array<{ text: string; values: unknown[] }> {
  if (hasDeferredIndexes(sqlite)) return [];
  const indexes = sqlite
    .prepare<[string], IndexDefinition>(
      `SELECT name, tbl_name AS "table", sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (SELECT value FROM json_each(?))
       ORDER BY name`,
    )
    .all(JSON.stringify(tables))
    .filter((index) => !/^\s*CREATE\s+UNIQUE\s/i.test(index.sql));
  if (indexes.length === 0) return [];
  return [
    { text: 'INSERT INTO store_meta (key, value) VALUES (?, ?)', values: [DEFERRED_INDEXES, JSON.stringify(indexes)] },
    ...indexes.map(({ name }) => ({ text: `DROP INDEX ${quote(name)}`, values: [] })),
  ];
}

/** Whether a bulk load left indexes to build (it is running, or it was cut off). */
export function hasDeferredIndexes(sqlite: Database.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM store_meta WHERE key = ?').get(DEFERRED_INDEXES) !== undefined;
}

/**
 * Builds the indexes `deferIndexes` dropped, exactly as they were defined, and clears
 * the note, in the caller's transaction. Runs when the bulk load ends, and when a store
 * is opened after one was cut off (a kill, a crash), before its migrations: no store is
 * used, or migrated, without its indexes for longer than a bulk load runs.
 */
export function buildDeferredIndexes(sqlite: Database.Database): number {
  if (!hasDeferredIndexes(sqlite)) return 0;
  const builds = deferredIndexBuilds(sqlite);
  for (const sql of builds) sqlite.exec(sql);
  sqlite.exec(CLEAR_DEFERRED_INDEXES);
  return builds.length;
}

/**
 * The SQL that builds what `deferIndexes` dropped and is not built yet, one text per
 * transaction, in order; none when nothing is deferred. The page writer runs each text
 * in a transaction of its own at the end of a first sync, the last one with
 * `CLEAR_DEFERRED_INDEXES` (decision 0146); `buildDeferredIndexes` runs them all in one.
 * An index of a table with rows is built alone, so a coordinator's save made meanwhile
 * waits for one index at most; the indexes of tables still empty (set-up, tasks, calls a
 * clinic's hub may not hold yet) cost nothing to build and go together in the first text,
 * one commit and one fsync instead of one each (decision 0164).
 */
export function deferredIndexBuilds(sqlite: Database.Database): string[] {
  const note = sqlite
    .prepare<[string], { value: string }>('SELECT value FROM store_meta WHERE key = ?')
    .get(DEFERRED_INDEXES);
  if (!note) return [];
  const exists = sqlite.prepare<[string], { one: number }>(
    `SELECT 1 AS one FROM sqlite_master WHERE type = 'index' AND name = ?`,
  );
  const missing = (JSON.parse(note.value) as IndexDefinition[]).filter(({ name }) => !exists.get(name));
  const isEmpty = (table: string | undefined) =>
    table !== undefined && sqlite.prepare(`SELECT 1 FROM ${quote(table)} LIMIT 1`).get() === undefined;
  const empty = missing.filter(({ table }) => isEmpty(table));
  const builds = missing.filter((index) => !empty.includes(index)).map(({ sql }) => sql);
  return empty.length > 0 ? [empty.map(({ sql }) => `${sql};`).join('\n'), ...builds] : builds;
}

/** Clears the note of deferred indexes: in the transaction that builds the last of them. */
export const CLEAR_DEFERRED_INDEXES = `DELETE FROM store_meta WHERE key = '${DEFERRED_INDEXES}'`;
