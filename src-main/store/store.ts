import { randomBytes, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { HybridLogicalClock, formatHlc, parseHlc } from '../../src-shared/hlc';
import { openDatabase, type Db, type OpenedDatabase, type OpenOptions } from './database';
import { outbox, storeMeta } from './schema';
import type Database from 'better-sqlite3';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Change {
  tableName: string;
  rowId: string;
  op: 'insert' | 'update' | 'delete' | 'append';
  fields: Record<string, unknown>;
}

/** Who made a change; stamped on the outbox entry and on audit events. */
export interface Actor {
  userId: string;
}

/**
 * The open encrypted store and this workstation's clock. Every table's write
 * function runs inside `write()` and calls `recordChange()`, so the row and its
 * outbox entry commit together.
 */
export class Store {
  readonly clock: HybridLogicalClock;

  private constructor(
    readonly sqlite: Database.Database,
    readonly db: Db,
    readonly deviceId: string,
  ) {
    const last = db.select().from(storeMeta).where(eq(storeMeta.key, 'last_hlc')).get();
    this.clock = new HybridLogicalClock(deviceId, Date.now, undefined, last ? parseHlc(last.value) : undefined);
    this.statements = prepareStatements(db);
  }
  /**
   * Statements prepared once per store: every write runs these, and building a
   * drizzle query per call costs more than the write itself. The `_tx` parameter
   * above is what guarantees they run inside the caller's transaction.
   */
  private readonly statements: ReturnType<typeof prepareStatements>;

  static open(options: OpenOptions): Store {
    return Store.over(openDatabase(options));
  }

  /** A store over a connection already opened and migrated (the benchmarks compare against plain SQLite this way). */
  static over({ sqlite, db }: OpenedDatabase): Store {
    return new Store(sqlite, db, ensureDeviceId(db));
  }

  /** One IMMEDIATE transaction: the write lock is taken up front, so it never fails half-way on a busy store. */
  write<T>(fn: (tx: Tx) => T): T {
    return this.db.transaction(fn, { behavior: 'immediate' });
  }

  /** Appends a change to the outbox inside the caller's transaction; returns its clock stamp. */
  recordChange(_tx: Tx, change: Change, actor: Actor | null): string {
    const hlc = formatHlc(this.clock.tick());
    this.statements.appendOutbox.run({
      changeId: randomUUID(),
      tableName: change.tableName,
      rowId: change.rowId,
      op: change.op,
      fields: JSON.stringify(change.fields),
      hlc,
      userId: actor?.userId ?? null,
      createdAt: new Date().toISOString(),
    });
    // Persisted so the clock never runs backwards across a restart.
    this.statements.saveClock.run({ hlc });
    return hlc;
  }

  /** A drizzle prepared statement made once per store and reused (hot write paths). */
  prepared<T>(key: string, build: (store: Store) => T): T {
    let statement = this.preparedByKey.get(key) as T | undefined;
    if (!statement) {
      statement = build(this);
      this.preparedByKey.set(key, statement);
    }
    return statement;
  }
  private readonly preparedByKey = new Map<string, unknown>();

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }
}

function ensureDeviceId(db: Db): string {
  const row = db.select().from(storeMeta).where(eq(storeMeta.key, 'device_id')).get();
  if (row) return row.value;
  // Clock node ids allow [A-Za-z0-9_] only.
  const deviceId = `ws_${randomBytes(8).toString('hex')}`;
  db.insert(storeMeta).values({ key: 'device_id', value: deviceId }).run();
  return deviceId;
}

function prepareStatements(db: Db) {
  return {
    appendOutbox: db
      .insert(outbox)
      .values({
        changeId: sql.placeholder('changeId'),
        tableName: sql.placeholder('tableName'),
        rowId: sql.placeholder('rowId'),
        op: sql.placeholder('op'),
        fields: sql.placeholder('fields'),
        hlc: sql.placeholder('hlc'),
        userId: sql.placeholder('userId'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare(),
    saveClock: db
      .insert(storeMeta)
      .values({ key: 'last_hlc', value: sql.placeholder('hlc') })
      .onConflictDoUpdate({ target: storeMeta.key, set: { value: sql`excluded.value` } })
      .prepare(),
  };
}
