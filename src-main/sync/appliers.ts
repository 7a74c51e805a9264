import type Database from 'better-sqlite3';
import { Column, getTableColumns, getTableName } from 'drizzle-orm';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { quote } from '../store/row-statements';
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
  /**
   * `existing`, when given, is what `existingRows` answered for this row's page
   * (its rowid, or undefined when the row is not here yet): the applier need not
   * look the row up again.
   */
  upsert(ctx: ApplyContext, rowId: string, fields: Record<string, unknown>, existing?: ExistingRow): void;
  remove(ctx: ApplyContext, rowId: string): void;
  /**
   * For appliers that treat a new row differently from an update (a side index to
   * keep in step): which of a page's rows are here already, in one statement, so a
   * first sync of a whole clinic does not look each row up on its own.
   */
  existingRows?(ctx: ApplyContext, rowIds: readonly string[]): Map<string, number | bigint>;
  /**
   * For a page applied on the page writer's thread (decision 0143): adds to `plan` the
   * statements that apply this row without reading the store, and returns true; false
   * when this applier cannot say so (the page is then applied here, on the main thread).
   * A row whose statements only hold for a row not yet in the store is noted with
   * `plan.mustBeNew`: the writer leaves the page to the main thread if it is there.
   */
  plan?(plan: PagePlan, row: PlannedRow): boolean;
}

/** A pulled row as a page plan sees it. */
export interface PlannedRow {
  table: string;
  rowId: string;
  op: 'upsert' | 'delete';
  fields: Record<string, unknown>;
}

/** SQLite's default limit on a statement's parameters (SQLITE_MAX_VARIABLE_NUMBER, 3.32 on). */
const MAX_PARAMETERS = 32_766;
/** Rows per INSERT on the page writer (decision 0160): enough that the per-statement work is small beside the rows'. */
const ROWS_PER_INSERT = 64;

/**
 * An INSERT that writes one row or several: `head`, then `tuple` (one row's parameters)
 * once per row, comma-separated, then `tail` (an upsert clause, say). The page writer
 * runs one statement for many rows of a table (decision 0160).
 */
export class RowsInsert {
  /** The most rows one statement takes: ROWS_PER_INSERT, fewer for wide rows. */
  readonly maxRows: number;
  private readonly texts: string[] = [];

  /**
   * @param depth how many tables deep the table's foreign keys reach (0: none, 1: it
   *   refers to a table that refers to none…): gathered rows are written shallowest first,
   *   so a patient's phone lands after the patient it refers to.
   */
  constructor(
    readonly head: string,
    readonly tuple: string,
    readonly tail: string,
    readonly depth = 0,
  ) {
    const parameters = tuple.split('?').length - 1;
    this.maxRows = Math.max(1, Math.min(ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / Math.max(1, parameters))));
  }

  /** The statement that writes `rows` rows, made once per count. */
  text(rows: number): string {
    return (this.texts[rows] ??=
      `${this.head} ${new Array<string>(rows).fill(this.tuple).join(', ')}${this.tail ? ` ${this.tail}` : ''}`);
  }
}

/** Rows of one table planned with the same statements, not yet written into the plan. */
interface OpenRows {
  statements: readonly RowsInsert[];
  /** The most rows the narrowest of these statements takes. */
  maxRows: number;
  /** Per statement, the values of every row so far, in row order. */
  values: unknown[][];
  rows: number;
}

/**
 * A page's writes as statement texts and values, worked out on the main thread from
 * the appliers and run on the page writer's thread with its own connection (decision
 * 0143): only plain values cross between the threads. Rows are gathered per table
 * into INSERTs of many rows, and each statement run's values are one array, bound as
 * it is on the writer (decision 0160): fewer statement runs, no copy per run.
 */
export class PagePlan {
  /** The distinct statement texts of the page. */
  readonly texts: string[] = [];
  /** Per statement run, the index of its text. */
  readonly runs: number[] = [];
  /** Per statement run, its values (positional parameters). */
  readonly values: Array<readonly unknown[]> = [];
  /** Per table, the ids of rows planned as new. */
  readonly newRows = new Map<string, string[]>();
  /** Every row of the page as `table \0 rowId`, to find local changes not yet acknowledged. */
  readonly keys: string[] = [];
  private readonly textIndex = new Map<string, number>();
  /** Per table, its rows gathered since the last flush, in the order the tables first came. */
  private readonly open = new Map<string, OpenRows>();

  /**
   * One statement run with these values, which the plan keeps (the caller must not
   * change them). It runs after every row planned before it.
   */
  add(text: string, values: readonly unknown[]): void {
    this.flush();
    this.run(text, values);
  }

  /**
   * One row of `table`, written by `statements` with `values` (one array per statement,
   * which the plan may keep), gathered with the table's rows before it that have the
   * same statements. Gathered rows land in page order within their table, and the
   * rows of a table another refers to before that table's; otherwise rows of different
   * tables may land in another order than the page's (a row that needed another table's
   * row first would break a constraint, and the page would be the main thread's: the
   * writer declines it). A row with other statements than its table's rows before it,
   * and any `add`, first writes every gathered row.
   */
  addRow(table: string, statements: readonly RowsInsert[], values: unknown[][]): void {
    let open = this.open.get(table);
    if (open && open.statements !== statements) {
      this.flush();
      open = undefined;
    }
    if (!open) {
      const maxRows = Math.min(...statements.map((statement) => statement.maxRows));
      this.open.set(table, (open = { statements, maxRows, values, rows: 1 }));
    } else {
      for (let i = 0; i < values.length; i++) for (const value of values[i]!) open.values[i]!.push(value);
      open.rows++;
    }
    if (open.rows >= open.maxRows) this.flush();
  }

  /**
   * Writes every gathered row into the plan: tables that others refer to first (their
   * depth), else in the order the tables first came.
   */
  flush(): void {
    if (this.open.size === 0) return;
    const open = [...this.open.values()].sort((a, b) => a.statements[0]!.depth - b.statements[0]!.depth);
    for (const { statements, values, rows } of open)
      for (let i = 0; i < statements.length; i++) this.run(statements[i]!.text(rows), values[i]!);
    this.open.clear();
  }

  /** The statements planned for this row hold only if it is not in the store yet. */
  mustBeNew(table: string, rowId: string): void {
    const ids = this.newRows.get(table);
    if (ids) ids.push(rowId);
    else this.newRows.set(table, [rowId]);
  }

  private run(text: string, values: readonly unknown[]): void {
    let index = this.textIndex.get(text);
    if (index === undefined) {
      index = this.texts.push(text) - 1;
      this.textIndex.set(text, index);
    }
    this.runs.push(index);
    this.values.push(values);
  }
}

/** What a page-wide lookup said about one row: `{ rowid }` when it is here, `null` when it is not. */
export type ExistingRow = { rowid: number | bigint } | null;

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
  /**
   * Runs after a row is written (drop a cache, say), with the row's rowid and, for a row
   * that was here before, its rowid before the write (`null` for a new row). A table with
   * this hook is applied on the main thread only.
   */
  afterUpsert?(ctx: ApplyContext, row: Record<string, unknown>, rowid: number | bigint, before: ExistingRow): void;
  /** Runs before a row is removed. */
  beforeRemove?(ctx: ApplyContext, rowId: string): void;
  /** An index kept in step with the table's rows (the patients' name index). */
  sideIndex?: SideIndex;
}

/**
 * An index of one entry per row that shares the row's rowid (the patients' name index,
 * FTS5), described once for both ways a row is written: `upsert` on the main thread and
 * `plan` for the page writer (decisions 0143, 0160), whose entry takes its rowid from the
 * row written before it.
 */
export interface SideIndex {
  /** The index's table, whose rowid is the row's. */
  table: string;
  /** Its columns after the rowid, in the order `entry` gives their values. */
  columns: readonly string[];
  /** The entry's values after the rowid, or null when this row has no entry. */
  entry(row: Record<string, unknown>): unknown[] | null;
  /**
   * Drops the entry of a row here (before the row is written again, or removed); `rowid`
   * when the caller has it already, else it is looked up.
   */
  drop(ctx: ApplyContext, rowId: string, rowid?: number | bigint): void;
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
  const depth = foreignKeyDepth(table);
  const side = hooks.sideIndex;
  // The side index's entry: with the row's rowid bound here; on the page writer, where many
  // rows are written by one statement, with the rowid looked up by the row's id (bound first).
  const sideColumns =
    side && `INSERT INTO ${quote(side.table)} (rowid${side.columns.map((c) => `, ${quote(c)}`).join('')}) VALUES`;
  const sideParameters = side ? ', ?'.repeat(side.columns.length) : '';
  const sideBound = side && `${sideColumns} (?${sideParameters})`;
  const sidePlanned =
    side && new RowsInsert(sideColumns!, `((SELECT rowid FROM ${quote(name)} WHERE "id" = ?)${sideParameters})`, '');
  // Rows of one table arrive with the same fields, page after page: the statement and
  // the value conversions for a set of fields are worked out once, not per row.
  type Shape = {
    fieldNames: string[];
    keys: string[];
    convert: Array<(value: unknown) => unknown>;
    /** The row's upsert: one row here, many on the page writer. */
    insert: RowsInsert;
    /** What the page writer runs for a row of this shape: the upsert, and the side index's entry after it. */
    planned: readonly RowsInsert[];
    plannedWithEntry: readonly RowsInsert[];
  };
  const shapes = new Map<string, Shape>();
  // Most rows have the fields of the row before: compared name by name, no key made per row.
  let last: Shape | null = null;
  const sameNames = (fields: Record<string, unknown>, names: readonly string[]) => {
    let i = 0;
    for (const key in fields) if (key !== names[i++]) return false;
    return i === names.length;
  };
  const shapeOf = (fields: Record<string, unknown>) => {
    if (last && sameNames(fields, last.fieldNames)) return last;
    const fieldNames = Object.keys(fields);
    const signature = fieldNames.join('\u0000');
    let shape = shapes.get(signature);
    if (!shape) {
      // A pulled record is the hub's whole row: a nullable column it does not name is NULL
      // (an insert leaves its null fields out, decision 0036), also over a value here, such
      // as a refused edit the hub's record puts back. A column with a default, or one this
      // record's version did not have yet that cannot be NULL, is left as it is.
      const present = columns.filter(
        ([key, column]) => Object.hasOwn(fields, key) || (!column.notNull && !column.hasDefault),
      );
      const names = present.map(([, column]) => quote(column.name));
      const insert = new RowsInsert(
        `INSERT INTO ${quote(name)} ("id"${names.map((n) => `, ${n}`).join('')}) VALUES`,
        `(?${', ?'.repeat(names.length)})`,
        names.length
          ? `ON CONFLICT("id") DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`
          : 'ON CONFLICT("id") DO NOTHING',
        depth,
      );
      shape = {
        fieldNames,
        keys: present.map(([key]) => key),
        convert: present.map(([, column]) => driverValue(column)),
        insert,
        planned: [insert],
        plannedWithEntry: sidePlanned ? [insert, sidePlanned] : [insert],
      };
      shapes.set(signature, shape);
    }
    return (last = shape);
  };
  const rowidOf = (ctx: ApplyContext, rowId: string): ExistingRow => {
    const found = statement(ctx.sqlite, `SELECT rowid FROM ${quote(name)} WHERE "id" = ?`)
      .raw()
      .get(rowId) as [number | bigint] | undefined;
    return found ? { rowid: found[0] } : null;
  };
  // A row's write, described once for both threads: its statement and values.
  const described = (rowId: string, wire: Record<string, unknown>) => {
    const fields = hooks.prepare ? hooks.prepare(wire) : wire;
    const shape = shapeOf(fields);
    const { keys, convert } = shape;
    const values: unknown[] = [rowId];
    for (let i = 0; i < keys.length; i++) values.push(convert[i]!(fields[keys[i]!]));
    return { fields, shape, values };
  };
  return {
    upsert(ctx, rowId, wire, existing) {
      const { fields, shape, values } = described(rowId, wire);
      const text = shape.insert.text(1);
      if (!side && !hooks.afterUpsert) {
        statement(ctx.sqlite, text).run(values);
        return;
      }
      const before = existing === undefined ? rowidOf(ctx, rowId) : existing;
      const { lastInsertRowid } = statement(ctx.sqlite, text).run(values);
      // An upsert that updated keeps the row's rowid (lastInsertRowid is then not this row's).
      const rowid = before ? before.rowid : lastInsertRowid;
      const row = { ...fields, id: rowId };
      if (side) {
        if (before) side.drop(ctx, rowId, rowid);
        const entry = side.entry(row);
        if (entry) statement(ctx.sqlite, sideBound!).run(rowid, ...entry);
      }
      hooks.afterUpsert?.(ctx, row, rowid, before);
    },
    plan(plan, row) {
      if (row.op === 'delete') {
        // A hook or index that reads before removing runs here, on the main thread.
        if (hooks.beforeRemove || side) return false;
        plan.add(`DELETE FROM ${quote(name)} WHERE "id" = ?`, [row.rowId]);
        return true;
      }
      if (hooks.afterUpsert) return false;
      const { fields, shape, values } = described(row.rowId, row.fields);
      const entry = side?.entry({ ...fields, id: row.rowId });
      if (side) {
        // The entry is added, not replaced, so the row must be new: the writer checks.
        plan.mustBeNew(name, row.rowId);
      }
      if (entry) plan.addRow(name, shape.plannedWithEntry, [values, [row.rowId, ...entry]]);
      else plan.addRow(name, shape.planned, [values]);
      return true;
    },
    remove(ctx, rowId) {
      side?.drop(ctx, rowId);
      hooks.beforeRemove?.(ctx, rowId);
      statement(ctx.sqlite, `DELETE FROM ${quote(name)} WHERE "id" = ?`).run(rowId);
    },
    existingRows:
      hooks.afterUpsert || side
        ? (ctx, rowIds) => {
            const found = statement(
              ctx.sqlite,
              `SELECT "id", rowid FROM ${quote(name)} WHERE "id" IN (SELECT value FROM json_each(?))`,
            )
              .raw()
              .all(JSON.stringify(rowIds)) as Array<[string, number | bigint]>;
            return new Map(found);
          }
        : undefined,
  };
}

/** How many tables deep `table`'s foreign keys reach: 0 when it refers to no other table. */
function foreignKeyDepth(table: SQLiteTable, seen: ReadonlySet<SQLiteTable> = new Set()): number {
  let depth = 0;
  for (const key of getTableConfig(table).foreignKeys) {
    const to = key.reference().foreignTable;
    if (to === table || seen.has(to)) continue;
    depth = Math.max(depth, 1 + foreignKeyDepth(to, new Set([...seen, table])));
  }
  return depth;
}

/**
 * How a column's wire value is bound, worked out once per column: most columns
 * bind the value as it is (drizzle's own mapping is the identity), so only the
 * others pay for the mapping call.
 */
function driverValue(column: { mapToDriverValue(value: unknown): unknown }): (value: unknown) => unknown {
  if (column.mapToDriverValue === Column.prototype.mapToDriverValue) {
    // A JSON value kept in a text column the table did not declare as json.
    return (value) =>
      value === null || value === undefined
        ? null
        : typeof value === 'object' && !Buffer.isBuffer(value)
          ? JSON.stringify(value)
          : value;
  }
  return (value) => toDriver(column, value);
}

function toDriver(column: { mapToDriverValue(value: unknown): unknown }, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const mapped: unknown = column.mapToDriverValue(value);
  // A JSON value kept in a text column the table did not declare as json.
  return typeof mapped === 'object' && mapped !== null && !Buffer.isBuffer(mapped) ? JSON.stringify(mapped) : mapped;
}
