import type Database from 'better-sqlite3';
import { Column, getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
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

/**
 * A page's writes as statement texts and values, worked out on the main thread from
 * the appliers and run on the page writer's thread with its own connection (decision
 * 0143): only plain values cross between the threads. Each statement run's values are
 * the array the applier made, kept as it is and bound as it is on the writer (decision
 * 0160): no copy into one flat array here, no slice per run there.
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
  /**
   * Per row of the page, the run that writes it (its values start with the row's id), and
   * per text, the table of the rows it writes: enough for the writer to name the page's rows
   * when it must look for local changes not yet acknowledged, which a first sync never has,
   * instead of a `table \0 rowId` text per row made here and copied to the writer (0175).
   */
  readonly rowRuns: number[] = [];
  readonly textTables: Array<string | null> = [];
  private readonly textIndex = new Map<string, number>();

  /** One statement run with these values, which the plan keeps: the caller must not change them. */
  add(text: string, values: readonly unknown[]): void {
    let index = this.textIndex.get(text);
    if (index === undefined) {
      index = this.texts.push(text) - 1;
      this.textTables.push(null);
      this.textIndex.set(text, index);
    }
    this.runs.push(index);
    this.values.push(values);
  }

  /** The run that writes a pulled row: `values` start with the row's id. Once per row. */
  addRow(text: string, values: readonly [string, ...unknown[]]): void {
    this.add(text, values);
    this.rowRuns.push(this.runs.length - 1);
  }

  /** Whether a statement with this text is planned already. */
  has(text: string): boolean {
    return this.textIndex.has(text);
  }

  /** The statements planned for this row hold only if it is not in the store yet. */
  mustBeNew(table: string, rowId: string): void {
    const ids = this.newRows.get(table);
    if (ids) ids.push(rowId);
    else this.newRows.set(table, [rowId]);
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
 * FTS5), described once for both ways a row is written: `upsert` on the main thread writes
 * the entry; `plan`, for the page writer (decision 0143), notes it as owed, and the pull's
 * end builds the entries of all its pages at once (decision 0168).
 */
export interface SideIndex {
  /** The entry's values after the rowid, or null when this row has no entry. */
  entry(row: Record<string, unknown>): unknown[] | null;
  /** The statement that inserts an entry, its rowid bound first. */
  insert: string;
  /**
   * A statement without parameters that notes, before a page's new rows, that their
   * entries are owed (built when the pull ends: decision 0168).
   */
  owed: string;
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
  // Rows of one table arrive with the same fields, page after page: the statement and
  // the value conversions for a set of fields are worked out once, not per row.
  type Shape = { fieldNames: string[]; keys: string[]; convert: Array<(value: unknown) => unknown>; text: string };
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
      // A column these fields do not name is NULL on every row of this shape: written as
      // NULL in the statement, not bound row by row (decision 0177: a pulled patient
      // names 7 of its 31 columns, and binding a null costs the page writer about what
      // SQLite's insert of it does).
      const named = present.filter(([key]) => Object.hasOwn(fields, key));
      const slots = present.map(([key]) => (Object.hasOwn(fields, key) ? ', ?' : ', NULL')).join('');
      const text =
        `INSERT INTO ${quote(name)} ("id"${names.map((n) => `, ${n}`).join('')}) VALUES (?${slots}) ` +
        (names.length
          ? `ON CONFLICT("id") DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`
          : 'ON CONFLICT("id") DO NOTHING');
      shape = {
        fieldNames,
        keys: named.map(([key]) => key),
        convert: named.map(([, column]) => driverValue(column)),
        text,
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
    const { keys, convert, text } = shapeOf(fields);
    const values: unknown[] = [rowId];
    for (let i = 0; i < keys.length; i++) values.push(convert[i]!(fields[keys[i]!]));
    return { fields, text, values };
  };
  const side = hooks.sideIndex;
  return {
    upsert(ctx, rowId, wire, existing) {
      const { fields, text, values } = described(rowId, wire);
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
        if (entry) statement(ctx.sqlite, side.insert).run(rowid, ...entry);
      }
      hooks.afterUpsert?.(ctx, row, rowid, before);
    },
    plan(plan, row) {
      if (row.op === 'delete') {
        // A hook or index that reads before removing runs here, on the main thread.
        if (hooks.beforeRemove || side) return false;
        plan.addRow(`DELETE FROM ${quote(name)} WHERE "id" = ?`, [row.rowId]);
        return true;
      }
      if (hooks.afterUpsert) return false;
      const { text, values } = described(row.rowId, row.fields);
      if (side) {
        // Entries are owed from here on, noted once per page before its first new row (the
        // note covers the rows after it); the row must be new for that: the writer checks.
        if (!plan.has(side.owed)) plan.add(side.owed, []);
        plan.mustBeNew(name, row.rowId);
      }
      plan.addRow(text, values as [string, ...unknown[]]);
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
