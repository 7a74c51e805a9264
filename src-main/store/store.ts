import { randomBytes } from 'node:crypto';
import { timeOrderedUuidBytes } from './ids';
import { eq } from 'drizzle-orm';
import { HLC_WITHOUT_NODE, HybridLogicalClock, formatHlc, parseHlc } from '../../src-shared/hlc';
import type { Worker } from 'node:worker_threads';
import { BackgroundCheckpointer } from './checkpointer';
import { startStoreWorker } from './store-worker';
import { openDatabase, type Db, type OpenedDatabase, type OpenOptions, type StoreError } from './database';
import { log } from '../log';
import { storeMeta } from './schema';
import { storedOutboxFields } from './outbox.table';
import type Database from 'better-sqlite3';

/** How long writes must pause before the WAL is checkpointed. */
const CHECKPOINT_IDLE_MS = 250;
/** During a bulk load (a first sync), the WAL is checkpointed after this many commits (decision 0144). */
const BULK_COMMITS_PER_CHECKPOINT = 3;
/** A grouped commit (`writeGrouped`) is fsync'd at most this long after it returned (decision 0323). */
export const GROUP_SYNC_MAX_MS = 500;
/** …or sooner, once grouped commits pause this long (the person stopped typing). */
const GROUP_SYNC_IDLE_MS = 100;

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
    /** Opened with `integrity: 'deferred'`: every page still has to be checked (decision 0324). */
    readonly integrityPending: boolean,
  ) {
    const last = db.select().from(storeMeta).where(eq(storeMeta.key, 'last_hlc')).get();
    this.clock = new HybridLogicalClock(deviceId, Date.now, undefined, last ? parseHlc(last.value) : undefined);
    this.statements = prepareStatements(sqlite);
    // better-sqlite3's own transaction function, made once: a nested call is a savepoint, as
    // with drizzle's `db.transaction`, but without the transaction object drizzle builds per
    // call (a query builder for every table; ~40 µs and ~20 KB a save, decision 0340). The
    // callback gets the store's drizzle database, on the same connection, so inside the
    // transaction.
    this.transaction = sqlite.transaction((fn: (tx: Tx) => unknown) => {
      this.writeDepth++;
      try {
        const result = fn(db as unknown as Tx);
        this.saveClock();
        return result;
      } finally {
        this.writeDepth--;
      }
    });
  }
  private readonly transaction: Database.Transaction<(fn: (tx: Tx) => unknown) => unknown>;
  /**
   * Statements prepared once per store: every write runs these, and building a
   * drizzle query per call costs more than the write itself. The `_tx` parameter
   * above is what guarantees they run inside the caller's transaction.
   */
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** How many `write()` calls are running (nested ones are savepoints). */
  private writeDepth = 0;
  /** The newest clock stamp handed out inside the running `write()`, not yet persisted. */
  private unsavedHlc: string | null = null;

  static open(options: OpenOptions): Store {
    return Store.over(openDatabase(options), { path: options.path, key: options.key });
  }

  /** The file and key this store was opened with (null: a plain file), for a worker's own connection. */
  private file: { path: string; key: Buffer | null } | null = null;

  /** Set when the store was found damaged after it opened: changes to records are refused (decision 0324). */
  damage: StoreError | null = null;

  /**
   * A store over a connection already opened and migrated (the benchmarks compare against
   * plain SQLite this way). With its `file`, it gets a checkpoint worker of its own, as an
   * opened store does; without, it checkpoints on its own thread.
   */
  static over(
    { sqlite, db, integrityPending = false }: OpenedDatabase,
    file: { path: string; key: Buffer | null } | null = null,
  ): Store {
    const store = new Store(sqlite, db, ensureDeviceId(db), integrityPending);
    store.file = file;
    return store;
  }

  /** One IMMEDIATE transaction: the write lock is taken up front, so it never fails half-way on a busy store. */
  write<T>(fn: (tx: Tx) => T): T {
    // A change inside a grouped commit (a read's handler that also writes) must not wait for the group.
    if (this.grouping && this.writeDepth > 0) this.groupHeldWrite = true;
    const result = this.transaction.immediate(fn) as T;
    if (this.writeDepth === 0) {
      // A durable commit fsyncs the WAL, and with it every grouped commit before it.
      if (!this.grouping) this.groupSynced();
      this.committed();
    }
    return result;
  }

  /**
   * A bulk load (a first sync) is under way until `endBulkLoad`: the WAL is copied back on
   * the checkpoint worker every few commits (decisions 0141, 0144), not when writes pause.
   * A store opened over a connection (`Store.over`, the benchmarks' plain baseline)
   * checkpoints as usual.
   */
  beginBulkLoad(): void {
    if (this.bulkLoading || !this.checkpointWorker()) return;
    this.bulkLoading = true;
    this.bulkCommits = 0;
  }

  /**
   * Copies the last commits' WAL back, as every few commits' was, and ends the bulk load
   * once every checkpoint it asked for has finished: the pull ends with its rows (and its
   * indexes) in the database file.
   */
  async endBulkLoad(): Promise<void> {
    if (!this.bulkLoading) return;
    this.bulkLoading = false;
    const checkpointer = this.walCheckpointer;
    if (!checkpointer?.usable) return;
    if (this.bulkCommits % BULK_COMMITS_PER_CHECKPOINT !== 0) await checkpointer.flush();
    else await checkpointer.settled();
  }
  private bulkLoading = false;
  private bulkCommits = 0;

  /**
   * After a commit of this connection or another of this process. During a bulk load the
   * WAL is copied back after every few commits, not after each (decision 0144): with a
   * first sync's random row ids, each commit rewrites most leaf pages of the tables' id
   * indexes, and a checkpoint after each copied (decrypted, re-encrypted, fsync'd) those
   * same pages once per commit; after three, once. Otherwise once writes pause. (Copying a
   * bulk insert's large commits back beside the next batch was measured and not kept:
   * decision 0035.)
   */
  private committed(): void {
    const checkpointer = this.walCheckpointer;
    if (!this.bulkLoading || !checkpointer?.usable) this.checkpointWhenIdle();
    else if (++this.bulkCommits % BULK_COMMITS_PER_CHECKPOINT === 0) checkpointer.request();
  }

  /** Resolves once the checkpoints asked for so far have finished (a bench stops its clock after them). */
  async settled(): Promise<void> {
    await this.walCheckpointer?.settled();
  }

  /** A worker thread with its own connection to this store (store-worker.ts); null for a store opened over a connection. */
  startWorker(body: string): Worker | null {
    return this.file ? startStoreWorker(body, this.file.path, this.file.key) : null;
  }

  /** Another connection of this process committed (the page writer, decision 0143): its WAL is checkpointed as this one's. */
  committedElsewhere(): void {
    this.committed();
  }

  /**
   * Another connection of this process committed pages that no later commit rewrites: an
   * index built at the end of a first sync (decision 0164). During a bulk load they are
   * copied back at once, on the checkpoint worker beside the next build, instead of every
   * few commits: 0144's reason for waiting (each commit rewrote the pages of the one
   * before) does not hold, and what is not copied meanwhile waits for the last one.
   */
  builtElsewhere(): void {
    const checkpointer = this.walCheckpointer;
    if (!this.bulkLoading || !checkpointer?.usable) this.checkpointWhenIdle();
    else checkpointer.request();
  }

  /**
   * A write whose commit does not wait for the disk: it is in the WAL when this
   * returns (an application crash or kill loses nothing), and it is fsync'd with the
   * next durable commit, or by a group sync once commits pause, at most
   * GROUP_SYNC_MAX_MS later; only a power cut or OS crash in that window can lose it.
   * For the audit entries of reads (decision 0323): several keystrokes' entries share
   * one fsync instead of one each. Every change to records still uses `write()`.
   */
  writeGrouped<T>(fn: (tx: Tx) => T): T {
    // Inside a durable write it simply commits with it.
    if (this.writeDepth > 0) return this.write(fn);
    this.statements.relaxedSync.run();
    this.grouping = true;
    this.groupHeldWrite = false;
    let result: T;
    try {
      result = this.write(fn);
    } finally {
      this.grouping = false;
      this.statements.fullSync.run();
    }
    this.scheduleGroupSync();
    if (this.groupHeldWrite) this.syncGrouped();
    return result;
  }

  /** Fsyncs the grouped commits not yet durable: on lock, sign-out and close, and from their timer. */
  syncGrouped(): void {
    if (this.groupSync.timer) clearTimeout(this.groupSync.timer);
    this.groupSync.timer = null;
    if (this.groupSync.since === null || !this.sqlite.open) return;
    // Any durable commit makes the WAL before it durable; this one notes when.
    this.write(() => this.statements.groupSynced.run());
  }

  private scheduleGroupSync(): void {
    const now = Date.now();
    this.groupSync.since ??= now;
    const wait = Math.min(GROUP_SYNC_IDLE_MS, this.groupSync.since + GROUP_SYNC_MAX_MS - now);
    if (this.groupSync.timer) clearTimeout(this.groupSync.timer);
    this.groupSync.timer = setTimeout(
      () => {
        try {
          this.syncGrouped();
        } catch (error) {
          // Left for the next durable commit or close; never an uncaught error in a timer.
          log.error({ errorName: (error as Error).name }, 'group sync of the audit failed');
        }
      },
      Math.max(0, wait),
    );
    this.groupSync.timer.unref();
  }

  private groupSynced(): void {
    this.groupSync.since = null;
    if (this.groupSync.timer) clearTimeout(this.groupSync.timer);
    this.groupSync.timer = null;
  }
  /** Whether `writeGrouped` is committing; `since`: when the oldest grouped commit not yet fsync'd returned. */
  private grouping = false;
  private groupHeldWrite = false;
  private readonly groupSync: { since: number | null; timer: NodeJS.Timeout | null } = { since: null, timer: null };

  /**
   * Copies the WAL back into the database once writes pause, instead of inside the
   * commit that happens to cross SQLite's threshold: that commit paid for copying and
   * syncing a thousand pages, the slowest save in every few dozen (decision 0311).
   * The copy runs on a worker thread with its own connection (decision 0340): on this
   * thread it held up whatever came next — a save, a search — for as long as it took.
   * Durability is the WAL's, fsync'd at every commit (synchronous=FULL), either way;
   * `wal_autocheckpoint` stays as a backstop for writes that never pause (a bulk import).
   */
  private checkpointWhenIdle(): void {
    if (this.checkpointHolds > 0) {
      this.checkpointHeld = true;
      return;
    }
    if (this.checkpointTimer) {
      this.checkpointTimer.refresh();
      return;
    }
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (this.checkpointHolds > 0) this.checkpointHeld = true;
      else this.checkpoint();
    }, CHECKPOINT_IDLE_MS);
    this.checkpointTimer.unref();
  }
  private checkpointTimer: NodeJS.Timeout | null = null;

  /** A passive checkpoint: on the worker (started at the first one), or here for a store opened over a connection. */
  private checkpoint(): void {
    if (!this.sqlite.open || this.bulkLoading) return;
    const checkpointer = this.checkpointWorker();
    if (checkpointer?.usable) checkpointer.request();
    else if (!this.sqlite.inTransaction) this.sqlite.pragma('wal_checkpoint(PASSIVE)');
  }
  /** The one worker that checkpoints this store, started at its first use; null for a store opened over a connection. */
  private checkpointWorker(): BackgroundCheckpointer | null {
    if (this.file && !this.walCheckpointer)
      this.walCheckpointer = new BackgroundCheckpointer(this.file.path, this.file.key);
    return this.walCheckpointer;
  }
  private walCheckpointer: BackgroundCheckpointer | null = null;

  /**
   * Keeps the idle checkpoint from running until the returned release is called,
   * then lets it run once writes pause. A push's pauses are the waits for the hub's
   * answers: checkpointing there (on this thread) delays the next batch, and with an
   * in-process peer the answer itself (decision 0132). Durability is the WAL's either
   * way; `wal_autocheckpoint` still bounds the WAL.
   */
  holdCheckpoints(): () => void {
    this.checkpointHolds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.checkpointHolds === 0 && this.checkpointHeld) {
        this.checkpointHeld = false;
        this.checkpointWhenIdle();
      }
    };
  }
  private checkpointHolds = 0;
  private checkpointHeld = false;

  /** Appends a change to the outbox inside the caller's transaction; returns its clock stamp. */
  recordChange(_tx: Tx, change: Change, actor: Actor | null): string {
    const hlc = formatHlc(this.clock.tick());
    // Stored without what the entry holds twice (decision 0039), field names by position where
    // the table has them (0043), the change id as 16 bytes (0044), the stamp without its node
    // (this store's clock stamps as this workstation); its readers put them back.
    this.statements.appendOutbox.run(
      timeOrderedUuidBytes(),
      change.tableName,
      change.rowId,
      change.op,
      storedOutboxFields(change.tableName, change.op, change.rowId, change.fields),
      hlc.slice(0, HLC_WITHOUT_NODE),
      actor?.userId ?? null,
    );
    // Persisted so the clock never runs backwards across a restart: once per write()
    // (the last stamp is the one that matters, and it commits with the changes), or
    // at once when the caller runs its own transaction.
    this.unsavedHlc = hlc;
    if (this.writeDepth === 0) this.saveClock();
    return hlc;
  }

  private saveClock(): void {
    if (this.unsavedHlc === null) return;
    this.statements.saveClock.run(this.unsavedHlc);
    this.unsavedHlc = null;
  }

  /** A statement (drizzle or raw better-sqlite3) made once per store and reused (hot write paths). */
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
    void this.endBulkLoad();
    void this.walCheckpointer?.close();
    this.walCheckpointer = null;
    if (this.sqlite.open && !this.sqlite.inTransaction) this.syncGrouped();
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
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

/**
 * Raw better-sqlite3 statements: on the write path drizzle's per-call mapping costs
 * as much as the insert. `base_cursor` is filled here: this is the outbox's only writer
 * (the trigger that filled it for others cost a quarter of a bulk insert and is gone,
 * migration 0015, decision 0007).
 */
function prepareStatements(sqlite: Database.Database) {
  return {
    appendOutbox: sqlite.prepare<[Buffer, string, string, string, string, string, string | null]>(
      `INSERT INTO outbox (change_id, table_name, row_id, op, fields, hlc, user_id, base_cursor)
       VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT cursor FROM sync_state WHERE id = 1), 0))`,
    ),
    saveClock: sqlite.prepare<[string]>(
      `INSERT INTO store_meta (key, value) VALUES ('last_hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
    // Grouped commits (decision 0323): the pragma applies to the next commit of this connection.
    relaxedSync: sqlite.prepare('PRAGMA synchronous = NORMAL'),
    fullSync: sqlite.prepare('PRAGMA synchronous = FULL'),
    // A counter, so the commit always changes a page (an unchanged row writes nothing, and fsyncs nothing).
    groupSynced: sqlite.prepare(
      `INSERT INTO store_meta (key, value) VALUES ('group_syncs', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`,
    ),
  };
}
