import { randomBytes, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { HybridLogicalClock, formatHlc, parseHlc } from '../../src-shared/hlc';
import { openDatabase, type Db, type OpenOptions } from './database';
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
  }

  static open(options: OpenOptions): Store {
    const { sqlite, db } = openDatabase(options);
    return new Store(sqlite, db, ensureDeviceId(db));
  }

  /** One IMMEDIATE transaction: the write lock is taken up front, so it never fails half-way on a busy store. */
  write<T>(fn: (tx: Tx) => T): T {
    return this.db.transaction(fn, { behavior: 'immediate' });
  }

  /** Appends a change to the outbox inside the caller's transaction; returns its clock stamp. */
  recordChange(tx: Tx, change: Change, actor: Actor | null): string {
    const hlc = formatHlc(this.clock.tick());
    tx.insert(outbox)
      .values({
        changeId: randomUUID(),
        tableName: change.tableName,
        rowId: change.rowId,
        op: change.op,
        fields: JSON.stringify(change.fields),
        hlc,
        userId: actor?.userId ?? null,
        createdAt: new Date().toISOString(),
      })
      .run();
    // Persisted so the clock never runs backwards across a restart.
    tx.insert(storeMeta)
      .values({ key: 'last_hlc', value: hlc })
      .onConflictDoUpdate({ target: storeMeta.key, set: { value: hlc } })
      .run();
    return hlc;
  }

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
