import { eq, inArray } from 'drizzle-orm';
import { ClockSkewError, parseHlc } from '../../src-shared/hlc';
import {
  checkOutboxChange,
  BASE_BATCH_CHANGES,
  MAX_BATCH_CHANGES,
  MAX_PULL_PAGE,
  type AccountRoster,
  type HubAccount,
  type PullResponse,
  type PushResponse,
  type SyncChange,
} from '../../src-shared/sync/protocol';
import type { SyncStatus } from '../../src-shared/sync/contract';
import { log } from '../log';
import { NAME_INDEX_BUILD, patientNameIndex } from '../patients/name-index';
import {
  buildDeferredIndexes,
  CLEAR_DEFERRED_INDEXES,
  deferIndexStatements,
  deferIndexes,
  deferredIndexBuilds,
  hasDeferredIndexes,
} from '../store/deferred-indexes';
import {
  ACKNOWLEDGED_TO_SEQ,
  CHANGE_ID_AS_TEXT,
  UNSENT,
  outboxChangeId,
  outboxFields,
  outboxFieldsLength,
  outboxHlc,
} from '../store/outbox.table';
import type { Store, Tx } from '../store/store';
import { PagePlan, statementCache, type ApplierRegistry, type ExistingRow } from './appliers';
import { backoffDelay } from './backoff';
import { HubClient, HubError, type Fetch } from './hub-client';
import { PageWriter } from './page-writer';
import { countOpenReviewItems, listReviewItems, recordRejected } from './review';
import { syncParked, syncState } from './table';

export interface SyncEngineOptions {
  store: Store;
  hubUrl: string;
  appliers: ApplierRegistry;
  /** Tests cut a workstation off, or lose a response, by passing their own fetch. */
  fetch?: Fetch;
  /** Pull on a timer too, in case a notice was missed. */
  pullIntervalMs?: number;
  pageSize?: number;
  random?: () => number;
  onStatus?: (status: SyncStatus) => void;
  /**
   * Accounts from the hub, for offline sign-in: at enrollment, at sign-in, and the
   * whole roster after every successful cycle, so an account IT disabled at the hub
   * stops signing in here too (AccountService.applyHubRoster).
   */
  onAccounts?: (roster: AccountRoster) => void;
  /**
   * A booking or reschedule made here that the hub refused (the slot was taken):
   * runs in the acknowledgement's transaction, so the rebook task exists exactly
   * when the refusal is recorded, and only on the workstation that booked.
   */
  onBookingRefused?: (tx: Tx, refused: RefusedBooking) => void;
  /** How long acknowledged outbox entries are kept (for repairing a hub restored from backup). */
  outboxRetentionMs?: number;
  now?: () => number;
}

export interface RefusedBooking {
  appointmentId: string;
  /** `book` when the appointment never existed at the hub; `change` for a refused reschedule. */
  command: 'book' | 'change';
  /** The user who made the change, from its outbox entry. */
  userId: string | null;
  message: string | null;
}

/**
 * Acknowledged outbox entries are kept this long (decisions 0101, 0103): after the
 * hub is restored from a backup, a workstation sends its retained outbox again, so
 * the retention is the window in which a restore can be repaired without loss.
 */
export const OUTBOX_RETENTION_MS = 30 * 24 * 60 * 60_000;

interface OutboxRow {
  seq: number;
  /** Read as `CHANGE_ID_AS_TEXT` (the hex of its 16 bytes, decision 0044, or an earlier version's uuid): see `outboxChangeId`. */
  change_id: string;
  table_name: string;
  row_id: string;
  op: SyncChange['op'];
  fields: string;
  hlc: string;
  user_id: string | null;
  base_cursor: number | null;
}

type ParkedRow = Omit<typeof syncParked.$inferSelect, 'fields'> & { fields: Record<string, unknown> };
type Overlay = Map<string, { deleted: boolean; fields: Record<string, unknown> }>;

interface Batch {
  batchSeq: number;
  toSeq: number;
  changes: SyncChange[];
}

/** The batch after `afterSeq`, read and checked while the hub works on the one on the wire; not yet numbered. */
interface ReadAhead {
  afterSeq: number;
  limit: number;
  toSeq: number;
  changes: SyncChange[];
}

/** A pulled page and its statements for the page writer (decision 0143). */
interface PlannedPage {
  page: PullResponse;
  plan: PagePlan;
}

/**
 * At most this many rows go to the page writer in one transaction: pages that arrived
 * while it wrote the ones before are written together (decision 0143), so each of the
 * first sync's random-id index pages is encrypted and checkpointed fewer times. Bounded
 * because a save made here meanwhile waits for the writer's commit (the write lock; the
 * connection's busy timeout is 5 s): two pages, about a second on the loaded VM.
 */
const MAX_ROWS_PER_WRITE = 20_000;

/** Recovery from a hub restore or a batch-number disagreement, then the cycle runs again. */
class Resync extends Error {}
const MAX_RESYNCS_PER_CYCLE = 3;
/**
 * A new batch stops before its changes' fields pass this many characters, so a push
 * stays well inside the hub's 4 MiB body limit whatever the batch size.
 */
const PUSH_BODY_BUDGET = 2 * 1024 * 1024;

/**
 * The workstation's sync engine (ARCHITECTURE §4). In the background it pushes the
 * outbox in numbered batches and pulls the hub's feed page by page, each page
 * applied with its cursor in one SQLite transaction. It retries with backoff and
 * jitter, pulls when the hub's notice stream says something changed and on a
 * timer, and reports its status for the indicator in the window.
 */
export class SyncEngine {
  private readonly client: HubClient;
  private readonly statement = statementCache();
  private readonly store: Store;
  private readonly appliers: ApplierRegistry;
  private readonly random: () => number;
  private readonly pullIntervalMs: number;
  private readonly pageSize: number;
  private readonly outboxRetentionMs: number;
  private readonly now: () => number;
  private state: SyncStatus['state'] = 'disconnected';
  private progress: SyncStatus['progress'] = null;
  private clockOffsetMs: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private notices: AbortController | null = null;
  private lastOutboxSeq = 0;
  /**
   * How many changes a new batch takes: what every hub accepts until this hub says it
   * takes more, at sign-in or in a push answer (decisions 0130, 0134; kept in sync_state
   * across restarts), and never above `batchCeiling`, which a push refused for its size
   * lowers for as long as this engine runs.
   */
  private batchLimit = BASE_BATCH_CHANGES;
  private batchCeiling = MAX_BATCH_CHANGES;
  /** The roster version this cycle's pull answered with; undefined from a hub that sends none. */
  private hubRosterVersion: number | undefined;
  /** The roster version this workstation last fetched the roster at (null: none yet since start). */
  private mirroredRosterVersion: number | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.store = options.store;
    this.appliers = options.appliers;
    this.random = options.random ?? Math.random;
    this.pullIntervalMs = options.pullIntervalMs ?? 30_000;
    // The largest page the hub gives: fewer round trips and commits in a first sync.
    this.pageSize = options.pageSize ?? MAX_PULL_PAGE;
    this.outboxRetentionMs = options.outboxRetentionMs ?? OUTBOX_RETENTION_MS;
    this.now = options.now ?? Date.now;
    this.client = new HubClient(options.hubUrl, options.fetch);
    const existing = this.store.db.select().from(syncState).where(eq(syncState.id, 1)).get();
    if (!existing) this.store.db.insert(syncState).values({ id: 1, hubUrl: options.hubUrl }).run();
    else if (existing.hubUrl !== options.hubUrl)
      // Another hub: what the last one said about batch sizes does not speak for it.
      this.store.db
        .update(syncState)
        .set({ hubUrl: options.hubUrl, hubBatchChanges: null })
        .where(eq(syncState.id, 1))
        .run();
    // The size the hub last named, so a restart's first push is as large as the last run's.
    else if (existing.hubBatchChanges !== null) this.batchLimit = Math.min(existing.hubBatchChanges, this.batchCeiling);
    this.applyParked();
  }

  /** Exchanges IT's one-time enrollment code for this workstation's device credential. */
  async enroll(code: string, deviceName: string): Promise<{ organizationName: string }> {
    const enrolled = await this.client.enroll(code, deviceName);
    this.updateState({
      deviceId: enrolled.deviceId,
      deviceSecret: enrolled.deviceSecret,
      organizationId: enrolled.organizationId,
      epoch: enrolled.epoch,
    });
    this.mirroredRosterVersion = null;
    this.options.onAccounts?.({ accounts: enrolled.accounts, disabled: [] });
    return { organizationName: enrolled.organizationName };
  }

  /** Signs in to the hub as the user at the keyboard; the engine syncs with this token. */
  async signIn(username: string, password: string): Promise<HubAccount> {
    const st = this.readState();
    if (!st.deviceId || !st.deviceSecret) throw new Error('This workstation is not enrolled with the hub');
    let signedIn;
    try {
      signedIn = await this.client.signIn({
        deviceId: st.deviceId,
        deviceSecret: st.deviceSecret,
        username,
        password,
      });
    } catch (error) {
      // The indicator says why this workstation is not syncing as the person at the keyboard.
      const reason =
        error instanceof HubError && error.status === 401
          ? 'The hub did not accept this sign-in; sync waits for the next one'
          : 'The hub could not be reached at sign-in; sync waits for the next sign-in';
      this.updateState({ lastError: reason });
      this.emitStatus();
      throw error;
    }
    this.noteHubTime(signedIn.hubTime);
    // The hub's batch size, known before the first push (decision 0134); an older hub names none.
    const stated = signedIn.maxBatchChanges;
    if (stated !== undefined) this.batchLimit = Math.min(stated, this.batchCeiling);
    this.updateState({
      token: signedIn.token,
      tokenExpiresAt: signedIn.expiresAt,
      userId: signedIn.user.userId,
      ...(stated !== undefined && { hubBatchChanges: stated }),
    });
    this.options.onAccounts?.({ accounts: [signedIn.account], disabled: [] });
    if (this.started) {
      this.openNotices();
      this.requestSync();
    }
    return signedIn.account;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.openNotices();
    this.requestSync();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.notices?.abort();
    this.notices = null;
    await this.running;
  }

  /** Runs one full cycle (push everything, pull everything) and reports how it went. */
  async syncNow(): Promise<SyncStatus> {
    while (this.running) await this.running;
    this.running = this.cycle().finally(() => (this.running = null));
    await this.running;
    return this.status();
  }

  /** Called after local writes: push soon if the outbox grew. Cheap enough to call after every call. */
  nudge(): void {
    if (!this.started) return;
    const row = this.store.sqlite.prepare('SELECT max(seq) AS seq FROM outbox').get() as { seq: number | null };
    if ((row.seq ?? 0) > this.lastOutboxSeq) {
      this.lastOutboxSeq = row.seq ?? 0;
      this.requestSync();
    }
  }

  status(): SyncStatus {
    const st = this.readState();
    const pending = this.store.sqlite.prepare(`SELECT count(*) AS n FROM outbox WHERE ${UNSENT}`).get() as {
      n: number;
    };
    return {
      state: this.state,
      pending: pending.n,
      lastSuccessAt: st.lastSuccessAt,
      lastError: st.lastError,
      progress: this.progress,
      clockOffsetMs: this.clockOffsetMs,
      openReviewItems: countOpenReviewItems(this.store.db),
      enrolled: st.deviceId !== null,
    };
  }

  reviewItems(includeResolved = false) {
    return listReviewItems(this.store.db, includeResolved);
  }

  private requestSync(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.cycle();
      } while (this.again && this.started);
    })().finally(() => (this.running = null));
  }

  private async cycle(): Promise<void> {
    if (!this.store.sqlite.open) return;
    const st = this.readState();
    if (!st.deviceId || !st.token) {
      this.setState('disconnected');
      return;
    }
    this.setState('syncing');
    this.hubRosterVersion = undefined;
    try {
      for (let resyncs = 0; ; resyncs++) {
        try {
          await this.pushAll();
          await this.pullAll();
          break;
        } catch (error) {
          if (!(error instanceof Resync) || resyncs >= MAX_RESYNCS_PER_CYCLE) throw error;
        }
      }
      await this.refreshAccounts();
      this.attempt = 0;
      this.pruneOutbox();
      this.updateState({ lastSuccessAt: new Date().toISOString(), lastError: null });
      this.setState('online');
      this.schedule(this.pullIntervalMs);
    } catch (error) {
      this.progress = null;
      // Closed under a cycle in flight (the app is quitting): nothing left to record.
      if (!this.store.sqlite.open) return;
      this.fail(error);
    }
  }

  /**
   * Follows the clinic's roster with the device credential, not a user's token: the
   * token of someone IT just disabled is refused, and that is exactly when this
   * workstation must learn of it. After a cycle the roster is fetched only when the
   * pull said its version moved (decision 0150); `always` when sync was refused.
   */
  private async refreshAccounts(always = false): Promise<void> {
    const { deviceId, deviceSecret } = this.readState();
    if (!deviceId || !deviceSecret || !this.options.onAccounts) return;
    const version = always ? undefined : this.hubRosterVersion;
    if (version !== undefined && version === this.mirroredRosterVersion) return;
    const roster = await this.client.accounts({ deviceId, deviceSecret });
    if (!this.store.sqlite.open) return;
    this.options.onAccounts(roster);
    // Fetched after the pull read the version: the roster is at least that new.
    this.mirroredRosterVersion = version ?? null;
  }

  private fail(error: unknown): void {
    if (error instanceof HubError && error.status === 401) {
      this.updateState({ token: null, tokenExpiresAt: null, lastError: 'Sign in to the hub again to sync' });
      // Refused, perhaps because IT disabled the person signed in here: the roster says.
      void this.refreshAccounts(true).catch(() => undefined);
      this.setState('disconnected');
      return;
    }
    const message =
      error instanceof HubError ? error.message : `Sync stopped by a local error (${(error as Error)?.name})`;
    // Messages come from the hub's error codes or the network, never from row data.
    log.warn({ code: error instanceof HubError ? error.code : 'LOCAL' }, 'sync cycle failed');
    this.updateState({ lastError: message });
    this.setState('offline');
    this.attempt++;
    this.schedule(backoffDelay(this.attempt, this.random));
  }

  private schedule(ms: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.requestSync(), ms);
    this.timer.unref?.();
  }

  // ---- push

  private async pushAll(): Promise<void> {
    // The store's idle checkpoint waits for the push's end, not for its pauses (decision 0132).
    const release = this.store.holdCheckpoints();
    try {
      await this.pushBatches();
    } finally {
      release();
    }
  }

  private async pushBatches(): Promise<void> {
    let batch = this.store.write((tx) => this.takeBatch(tx));
    while (batch) {
      const st = this.readState();
      const sent = batch;
      const answer = this.client.push(st.token!, {
        deviceId: st.deviceId!,
        epoch: st.epoch,
        batchSeq: sent.batchSeq,
        changes: sent.changes,
      });
      // While the hub works on this batch the next one is read and checked; it is
      // numbered and saved only once this one is acknowledged, so batches still go
      // out one at a time, in order (decision 0131).
      const ahead = new Promise<ReadAhead | null>((resolve) =>
        setImmediate(() => {
          try {
            resolve(this.readAhead(sent));
          } catch {
            resolve(null); // taken the usual way instead, where an error is reported
          }
        }),
      );
      let response: PushResponse;
      try {
        response = await answer;
      } catch (error) {
        if (this.shrinkBatches(error, batch)) throw new Resync();
        await this.recover(error);
        throw error;
      }
      this.noteHubTime(response.hubTime);
      this.batchLimit = Math.min(response.maxBatchChanges ?? BASE_BATCH_CHANGES, this.batchCeiling);
      if (response.results.length !== batch.changes.length) {
        throw new HubError(200, 'BAD_RESPONSE', 'The hub answered for a different batch');
      }
      batch = this.acknowledge(batch, response, await ahead);
    }
  }

  /** The unsent entries after `after`, as the next batch; null if there are none or one is malformed (taken the usual way then). */
  private readAhead(after: Batch): ReadAhead | null {
    if (!this.store.sqlite.open) return null;
    const limit = this.batchLimit;
    const rows = withinBodyBudget(
      this.statement(
        this.store.sqlite,
        `SELECT seq, ${CHANGE_ID_AS_TEXT} AS change_id, table_name, row_id, op, fields, hlc, user_id, base_cursor FROM outbox
         WHERE sent_at IS NULL AND seq > ? ORDER BY seq LIMIT ?`,
      ).all(after.toSeq, limit) as OutboxRow[],
    );
    if (rows.length === 0) return null;
    const changes: SyncChange[] = [];
    for (const row of rows) {
      const change = checkOutboxChange(toChange(row, this.store.deviceId));
      if (!change) return null;
      changes.push(change);
    }
    return { afterSeq: after.toSeq, limit, toSeq: rows[rows.length - 1]!.seq, changes };
  }

  /**
   * The batch read ahead, numbered and saved as the one on the wire, if it is still
   * exactly the unsent entries after `acknowledged` (nothing set aside or sent again
   * since; new entries only ever come after it) and the batch size did not change.
   */
  private takeAhead(tx: Tx, acknowledged: Batch, ahead: ReadAhead | null): Batch | null {
    if (!ahead || ahead.afterSeq !== acknowledged.toSeq || ahead.limit !== this.batchLimit) return null;
    const unsent = this.statement(
      this.store.sqlite,
      'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND seq > ? AND seq <= ?',
    ).get(acknowledged.toSeq, ahead.toSeq) as { n: number };
    if (unsent.n !== ahead.changes.length) return null;
    this.updateState({ inflightToSeq: ahead.toSeq }, tx);
    return { batchSeq: acknowledged.batchSeq + 1, toSeq: ahead.toSeq, changes: ahead.changes };
  }

  /**
   * The batch on the wire, or a new one. Its number and its last outbox entry are
   * saved before it is sent, so after a lost response the retry is the very same
   * batch and the hub answers it from its record.
   */
  private takeBatch(tx: Tx): Batch | null {
    const st = this.readState(tx);
    let inflight = st.inflightToSeq;
    for (;;) {
      // The batch on the wire is read back whole (at most the largest batch ever sent).
      let rows = inflight !== null ? this.unsentOutbox(inflight, MAX_BATCH_CHANGES) : [];
      if (rows.length === 0) rows = withinBodyBudget(this.unsentOutbox(Number.MAX_SAFE_INTEGER, this.batchLimit));
      if (rows.length === 0) {
        if (inflight !== null) this.updateState({ inflightToSeq: null }, tx);
        return null;
      }
      const changes: SyncChange[] = [];
      for (const row of rows) {
        const change = checkOutboxChange(toChange(row, this.store.deviceId));
        if (change) changes.push(change);
        // A malformed entry would make the hub refuse the whole batch: it goes to
        // the worklist instead and the queue moves on.
        else this.setAside(tx, row);
      }
      if (changes.length > 0) {
        const toSeq = rows[rows.length - 1]!.seq;
        this.updateState({ inflightToSeq: toSeq }, tx);
        return { batchSeq: st.nextBatchSeq, toSeq, changes };
      }
      inflight = null;
    }
  }

  /**
   * A push the hub refused for its size (more changes than it takes, or a body over
   * its limit; an older hub refuses more than BASE_BATCH_CHANGES as invalid) was
   * refused unread, so its number was never used: the batch is cut again, smaller,
   * under the same number. True when there was something to shrink.
   */
  private shrinkBatches(error: unknown, batch: Batch): boolean {
    if (!(error instanceof HubError) || batch.changes.length <= 1) return false;
    const tooMany = error.code === 'VALIDATION' && error.detail?.fields?.changes !== undefined;
    if (error.code !== 'TOO_LARGE' && !tooMany) return false;
    const said = error.detail?.maxBatchChanges ?? (tooMany ? BASE_BATCH_CHANGES : undefined);
    const half = Math.floor(batch.changes.length / 2);
    this.batchCeiling = Math.max(1, said !== undefined && said < batch.changes.length ? said : half);
    this.batchLimit = Math.min(this.batchLimit, this.batchCeiling);
    this.updateState({ inflightToSeq: null });
    log.warn(
      { code: error.code, changes: this.batchCeiling },
      'the hub refused a push for its size; sending smaller batches',
    );
    return true;
  }

  private unsentOutbox(upToSeq: number, limit: number): OutboxRow[] {
    return this.statement(
      this.store.sqlite,
      `SELECT seq, ${CHANGE_ID_AS_TEXT} AS change_id, table_name, row_id, op, fields, hlc, user_id, base_cursor FROM outbox
       WHERE ${UNSENT} AND seq <= ? ORDER BY seq LIMIT ?`,
    ).all(upToSeq, limit) as OutboxRow[];
  }

  private setAside(tx: Tx, row: OutboxRow): void {
    recordRejected(tx, toLocalChange(row), 'invalid_fields', 'This change could not be sent to the hub');
    this.store.sqlite
      .prepare('UPDATE outbox SET sent_at = ? WHERE seq = ?')
      .run(new Date(this.now()).toISOString(), row.seq);
  }

  /**
   * Results, sent marks and the next batch number commit together, and with them
   * the next batch is taken (its number and last entry saved before it is sent):
   * one durable commit per batch instead of two. The next batch is the one read
   * ahead when it still holds.
   */
  private acknowledge(batch: Batch, response: PushResponse, ahead: ReadAhead | null = null): Batch | null {
    const next = this.store.write((tx) => {
      const refusedBookings = new Set<string>();
      batch.changes.forEach((change, i) => {
        const result = response.results[i]!;
        if (result.status === 'rejected' && result.reason === 'slot_taken') {
          // The hub's rebook review item reaches every workstation; the task to call
          // the patient is made once, here, where the booking was made.
          if (change.table === 'appointments' && !refusedBookings.has(change.rowId)) {
            refusedBookings.add(change.rowId);
            this.options.onBookingRefused?.(tx, {
              appointmentId: change.rowId,
              command: change.op === 'insert' ? 'book' : 'change',
              userId: change.userId,
              message: result.message,
            });
          }
        } else if (result.status === 'rejected') {
          recordRejected(
            tx,
            { tableName: change.table, rowId: change.rowId, fields: change.fields },
            result.reason ?? 'rejected',
            result.message,
          );
        }
      });
      // Every entry up to the batch's last is now acknowledged or set aside: one row says so (decision 0136).
      this.statement(
        this.store.sqlite,
        'INSERT INTO outbox_acks (to_seq, acked_at) VALUES (?, ?) ON CONFLICT (to_seq) DO UPDATE SET acked_at = excluded.acked_at',
      ).run(batch.toSeq, new Date(this.now()).toISOString());
      const st = this.readState(tx);
      this.updateState(
        {
          nextBatchSeq: batch.batchSeq + 1,
          inflightToSeq: null,
          epoch: response.epoch,
          highWater: Math.max(st.highWater, response.highWater),
          hubBatchChanges: response.maxBatchChanges ?? null,
        },
        tx,
      );
      return this.takeAhead(tx, batch, ahead) ?? this.takeBatch(tx);
    });
    this.emitStatus();
    return next;
  }

  /**
   * Drops entries acknowledged (or set aside) longer ago than the retention window.
   * Unsent entries and the batch on the wire are never touched: they are after every
   * acknowledged batch, and their `sent_at` is null. The last acknowledgement is kept,
   * whatever its age: it says how far the outbox is acknowledged. What a person did
   * stays in the audit trail, and what the hub refused stays on the worklist.
   */
  pruneOutbox(): number {
    const cutoff = new Date(this.now() - this.outboxRetentionMs).toISOString();
    const pruned = this.statement(
      this.store.sqlite,
      `DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < ?)
         OR seq <= (SELECT coalesce(max(to_seq), 0) FROM outbox_acks WHERE acked_at < ?)`,
    ).run(cutoff, cutoff).changes;
    // After the entries (a kill between the two leaves an old acknowledgement, which only says less).
    this.statement(
      this.store.sqlite,
      `DELETE FROM outbox_acks WHERE acked_at < ? AND to_seq < ${ACKNOWLEDGED_TO_SEQ}`,
    ).run(cutoff);
    return pruned;
  }

  // ---- pull

  /**
   * Pulls the feed page by page. The next page is requested before the current one
   * is written, so the hub reads and sends it while this store writes (a first sync
   * is hundreds of pages); pages are still applied one at a time, in order, each with
   * its cursor in one transaction. A page fetched ahead of a failure is dropped.
   * Indexes a first sync deferred are built when the pull ends, however it ends.
   */
  private async pullAll(): Promise<void> {
    try {
      await this.pullPages();
    } finally {
      const writer = this.pageWriter;
      this.pageWriter = null;
      // The name index first (its pages noted their patients as owed): search then finds every
      // pulled patient (decision 0168).
      if (writer) await this.buildNamesOn(writer);
      if (writer) await this.buildIndexesOn(writer);
      await writer?.close();
      // Without a page writer, or when it could not: here, in one transaction.
      if (this.store.sqlite.open && hasDeferredIndexes(this.store.sqlite))
        this.store.write(() => buildDeferredIndexes(this.store.sqlite));
      // The few names SQL does not fold (accents, apostrophes…), or all of them without the writer;
      // also those owed by a first sync killed before its end (no page of this pull noted them):
      // search then finds every patient the moment the sync returns. One read when nothing is owed.
      if (this.store.sqlite.open) patientNameIndex(this.store).catchUp();
      await this.store.endBulkLoad();
    }
  }

  /**
   * Writes the name-index rows a first sync's pages noted as owed (NAME_INDEX_BUILD,
   * decision 0168) on the page writer's connection, in one transaction. What it does not
   * write is left noted, for the catch-up after it. Its pages are copied back beside the
   * index builds that follow, as theirs are (0164): no later commit rewrites them.
   */
  private async buildNamesOn(writer: PageWriter): Promise<void> {
    if (!this.store.sqlite.open || !writer.usable) return;
    const outcome = await writer.run([...NAME_INDEX_BUILD]);
    if (outcome === 'applied' && this.store.sqlite.open) this.store.builtElsewhere();
  }

  /**
   * Builds the indexes a first sync deferred on the page writer's connection, whose
   * cache still holds most of the rows it wrote (decision 0146), one index per
   * transaction so a save made meanwhile waits for one index, not all (the empty tables'
   * indexes, which cost nothing, in one: 0164); the last one clears the note. Each build
   * is copied back on the checkpoint worker while the next one runs (0164). Whatever it
   * does not build is built on the main thread after it.
   */
  private async buildIndexesOn(writer: PageWriter): Promise<void> {
    if (!this.store.sqlite.open || !writer.usable || !hasDeferredIndexes(this.store.sqlite)) return;
    const builds = deferredIndexBuilds(this.store.sqlite);
    for (let i = 0; i < builds.length; i++) {
      const statements = i === builds.length - 1 ? [builds[i]!, CLEAR_DEFERRED_INDEXES] : [builds[i]!];
      if ((await writer.run(statements)) !== 'applied') return;
      if (!this.store.sqlite.open) return;
      this.store.builtElsewhere();
    }
  }

  /**
   * The pages after the first of a pull of several go to the page writer, a worker
   * thread with its own connection (decision 0143), when the appliers can plan them:
   * while it writes one page, this thread receives, parses and plans the next. A page
   * the writer declines (something parked, a local change not yet acknowledged, a row
   * already here, a constraint) or cannot write is applied here as before.
   */
  private pageWriter: PageWriter | null = null;

  private async pullPages(): Promise<void> {
    let next: Promise<PullResponse> | null = this.fetchPage(this.readState().cursor);
    // Writes on the page writer, one after another; settled before any later page is applied here.
    let writing: Promise<void> | null = null;
    let current = null as Promise<void> | null;
    let writerBusy = false;
    // Planned pages that arrived while the writer was busy: they go to it together, in one transaction.
    let queued: PlannedPage[] = [];
    let queuedRows = 0;
    const send = (): Promise<void> => {
      const pages = queued;
      queued = [];
      queuedRows = 0;
      writerBusy = true;
      current = this.writeElsewhere(pages);
      return current.then(
        // Pages that arrived meanwhile go at once, so the writer never waits for a page to be parsed.
        () => ((writerBusy = false), queued.length > 0 ? send() : undefined),
        (error: unknown) => {
          writerBusy = false;
          throw error;
        },
      );
    };
    const drain = async () => {
      await writing;
      if (queued.length > 0) await (writing = send());
    };
    try {
      while (next) {
        let page: PullResponse;
        try {
          page = await next;
        } catch (error) {
          // What arrived before the failure is kept.
          await drain();
          await this.recover(error);
          throw error;
        }
        this.noteHubTime(page.hubTime);
        this.hubRosterVersion = page.rosterVersion;
        const st = this.readState();
        if ((st.epoch !== null && page.epoch !== st.epoch) || page.highWater < st.cursor) {
          // A new epoch, or a sequence that went backwards: the hub was restored from a backup.
          await drain();
          await this.restartFromHub(page.epoch);
          throw new Resync();
        }
        next = page.hasMore ? this.fetchPage(page.cursor) : null;
        // A pull of several pages: the writer takes them from the first on (decision 0163), so
        // its thread opens while this one plans, and no page waits for this thread to write it.
        // A first sync's first page drops the deferred indexes in its transaction there (0140).
        let before: Array<{ text: string; values: unknown[] }> = [];
        if (page.hasMore && !this.pageWriter && this.store.sqlite.open) {
          this.pageWriter = PageWriter.start(this.store);
          this.store.beginBulkLoad();
          if (this.readState().cursor === 0) before = deferIndexStatements(this.store.sqlite, this.appliers.tables());
        }
        const plan = this.planPage(page, before);
        if (plan) {
          queued.push({ page, plan });
          queuedRows += page.rows.length;
          if (!writerBusy) {
            writing = send();
            // Seen where it is awaited; until then it must not count as unhandled.
            writing.catch(() => undefined);
          } else if (queuedRows >= MAX_ROWS_PER_WRITE) {
            // Enough waiting: the writer takes them as soon as its write is done.
            await current;
          }
          continue;
        }
        // The main thread's page: after every page before it.
        await drain();
        this.applyPage(page);
        this.pageApplied(page);
      }
      await drain();
    } finally {
      // Thrown before the page writer answered: its pages are settled before anything else runs.
      await writing?.catch(() => undefined);
    }
  }

  /**
   * The page as statements for the page writer, after `before` in its transaction; null
   * when it is the main thread's to apply.
   */
  private planPage(
    page: PullResponse,
    before: ReadonlyArray<{ text: string; values: unknown[] }> = [],
  ): PagePlan | null {
    if (!this.pageWriter?.usable) return null;
    const plan = new PagePlan();
    for (const { text, values } of before) plan.add(text, values);
    for (const row of page.rows) {
      const applier = this.appliers.get(row.table);
      const rows = plan.rowRuns.length;
      if (!applier?.plan?.(plan, row)) return null;
      // The writer names the page's rows by their runs and texts (to look for local changes by them).
      if (plan.rowRuns.length !== rows + 1) return null;
      const text = plan.runs[plan.rowRuns[rows]!]!;
      const table = plan.textTables[text];
      if (table === null) plan.textTables[text] = row.table;
      else if (table !== row.table) return null;
    }
    return plan;
  }

  /**
   * Pages on the page writer, with the last one's cursor, in one transaction; here, one
   * by one as before, if the writer declines them.
   */
  private async writeElsewhere(pages: PlannedPage[]): Promise<void> {
    // Closed under the pull (the app is quitting): nothing more is written.
    if (!this.store.sqlite.open) return;
    // The clock is this thread's: it passes the pages' stamps before they land.
    let refusedStamps = 0;
    for (const { page } of pages) refusedStamps += this.receiveStamps(page.rows);
    const last = pages[pages.length - 1]!.page;
    const posted = this.pageWriter!.apply(
      pages.map(({ plan }) => plan),
      { cursor: last.cursor, epoch: last.epoch, highWater: last.highWater },
    );
    // The writer has its copy. Held here while it writes, the pages' parsed rows and plans
    // (~10 MB a page) outlived every young-generation collection, page after page; a page it
    // declines is read again from the text it came in (decision 0190).
    const held = pages.map(({ page }) => page);
    pages.length = 0;
    for (const page of held) page.rows = [];
    const outcome = await posted;
    // Closed under the pull (the app is quitting): the pages are in with their cursor, or none is.
    if (!this.store.sqlite.open) return;
    if (outcome === 'applied') {
      this.store.committedElsewhere();
      if (refusedStamps) log.warn({ refusedStamps }, 'refused clock stamps far ahead of this workstation');
      this.pageApplied(last);
      return;
    }
    for (const page of held) {
      const again = this.client.pulledAgain(page);
      this.applyPage(again);
      this.pageApplied(again);
    }
  }

  private pageApplied(page: PullResponse): void {
    this.progress = page.hasMore ? { done: page.cursor, total: page.highWater } : null;
    this.emitStatus();
  }

  private fetchPage(after: number): Promise<PullResponse> {
    const page = this.client.pull(this.readState().token!, after, this.pageSize);
    // Awaited by pullAll; one fetched ahead of a failure is never awaited and must not
    // surface as an unhandled rejection.
    page.catch(() => undefined);
    return page;
  }

  /** One page and its cursor in one transaction: after a crash, either both are in or neither. */
  private applyPage(page: PullResponse): void {
    let refusedStamps = 0;
    this.store.write((tx) => {
      // A first sync: rows land without the secondary indexes, which are built once at its
      // end (decision 0140); dropped in this page's transaction. (Its bulk load began in
      // `pullPages`, where the page writer starts.)
      if (page.hasMore && this.readState(tx).cursor === 0) deferIndexes(this.store.sqlite, this.appliers.tables());
      refusedStamps = this.receiveStamps(page.rows);
      const pending = this.pendingOverlay(page.rows);
      const lookups = { parked: this.anyParked(), existing: this.existingRows(tx, page.rows) };
      let parkedHere = false;
      for (const row of page.rows) {
        const applied = this.applyRow(
          tx,
          { seq: row.seq, tableName: row.table, rowId: row.rowId, op: row.op, fields: row.fields, hlc: row.hlc },
          pending,
          lookups,
        );
        parkedHere ||= !applied;
      }
      if (lookups.parked || parkedHere) this.retryParked(tx);
      const st = this.readState(tx);
      this.updateState(
        {
          cursor: Math.max(st.cursor, page.cursor),
          epoch: page.epoch,
          highWater: Math.max(page.highWater, st.highWater),
        },
        tx,
      );
    });
    if (refusedStamps) log.warn({ refusedStamps }, 'refused clock stamps far ahead of this workstation');
  }

  /**
   * Adopts the page's clock stamps. The clock only needs to pass the newest one, so
   * that is the one received; only when it is refused (far ahead of this clock) is
   * each stamp tried on its own, to adopt the others and count the refused.
   */
  private receiveStamps(rows: PullResponse['rows']): number {
    let newest: string | null = null;
    // Stamps are fixed-width wall time and counter first: text order is clock order.
    for (const row of rows) if (row.hlc && (newest === null || row.hlc > newest)) newest = row.hlc;
    if (newest === null) return 0;
    try {
      this.store.clock.receive(parseHlc(newest));
      return 0;
    } catch (error) {
      if (!(error instanceof ClockSkewError)) throw error;
    }
    let refused = 0;
    for (const row of rows) {
      if (!row.hlc) continue;
      try {
        this.store.clock.receive(parseHlc(row.hlc));
      } catch (error) {
        // The hub ordered this row; only its stamp is not adopted.
        if (error instanceof ClockSkewError) refused++;
        else throw error;
      }
    }
    return refused;
  }

  /** Whether anything is parked: when nothing is, a page has nothing to unpark or retry. */
  private anyParked(): boolean {
    return this.statement(this.store.sqlite, 'SELECT 1 FROM sync_parked LIMIT 1').get() !== undefined;
  }

  /** For appliers that want it, which of the page's rows are here already: one statement per table. */
  private existingRows(tx: Tx, rows: PullResponse['rows']): Map<string, Map<string, number | bigint>> {
    const ids = new Map<string, string[]>();
    for (const row of rows) {
      if (row.op !== 'upsert' || !this.appliers.get(row.table)?.existingRows) continue;
      const list = ids.get(row.table);
      if (list) list.push(row.rowId);
      else ids.set(row.table, [row.rowId]);
    }
    const found = new Map<string, Map<string, number | bigint>>();
    for (const [table, rowIds] of ids)
      found.set(table, this.appliers.get(table)!.existingRows!({ tx, sqlite: this.store.sqlite }, rowIds));
    return found;
  }

  /**
   * Applies one pulled row, or parks it: when no feature applies its table yet, or
   * when it cannot apply yet (a child row whose parent is on a later page, a parent
   * whose children are not yet removed). Only the newest version of a row is ever
   * parked. `lookups` are what a page found out for all its rows at once.
   */
  private applyRow(
    tx: Tx,
    row: ParkedRow,
    pending: Overlay,
    lookups: { parked: boolean; existing?: Map<string, Map<string, number | bigint>> } = { parked: true },
  ): boolean {
    const { sqlite } = this.store;
    const run = (text: string, ...params: unknown[]) => this.statement(sqlite, text).run(...params);
    if (lookups.parked) run('DELETE FROM sync_parked WHERE table_name = ? AND row_id = ?', row.tableName, row.rowId);
    const applier = this.appliers.get(row.tableName);
    const local = pending.get(`${row.tableName}\u0000${row.rowId}`);
    let applied = false;
    if (applier) {
      // No savepoint per row (one costs more than the write): an applier's first
      // statement is the one that can fail on a constraint, and SQLite undoes a
      // failed statement by itself.
      try {
        if (row.op === 'delete') applier.remove({ tx, sqlite }, row.rowId);
        // Changes not yet acknowledged stay on top of the hub's version until they are.
        else if (!local) applier.upsert({ tx, sqlite }, row.rowId, row.fields, existingRow(lookups.existing, row));
        else if (!local.deleted)
          applier.upsert(
            { tx, sqlite },
            row.rowId,
            { ...row.fields, ...local.fields },
            existingRow(lookups.existing, row),
          );
        applied = true;
      } catch (error) {
        if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
      }
    }
    if (!applied) {
      run(
        'INSERT OR IGNORE INTO sync_parked (seq, table_name, row_id, op, fields, hlc) VALUES (?, ?, ?, ?, ?, ?)',
        row.seq,
        row.tableName,
        row.rowId,
        row.op,
        JSON.stringify(row.fields),
        row.hlc,
      );
    }
    return applied;
  }

  /** Parked rows whose table now has an applier, retried until a pass applies nothing more. */
  private retryParked(tx: Tx): void {
    const tables = this.appliers.tables();
    for (;;) {
      const parked = tx
        .select()
        .from(syncParked)
        .where(inArray(syncParked.tableName, tables))
        .orderBy(syncParked.seq)
        .all();
      if (parked.length === 0) return;
      const rows = parked.map((p) => ({ ...p, fields: JSON.parse(p.fields) as Record<string, unknown> }));
      const pending = this.pendingOverlay(rows.map((r) => ({ table: r.tableName, rowId: r.rowId })));
      let progress = false;
      for (const row of rows) progress = this.applyRow(tx, row, pending) || progress;
      if (!progress) return;
    }
  }

  private pendingOverlay(rows: ReadonlyArray<{ table: string; rowId: string }>): Overlay {
    const overlay: Overlay = new Map();
    if (rows.length === 0) return overlay;
    const keys = JSON.stringify(rows.map((r) => `${r.table}\u0000${r.rowId}`));
    const found = this.store.sqlite
      .prepare(
        `SELECT table_name, row_id, op, fields FROM outbox
         WHERE ${UNSENT} AND (table_name || char(0) || row_id) IN (SELECT value FROM json_each(?))
         ORDER BY seq`,
      )
      .all(keys) as Array<{ table_name: string; row_id: string; op: string; fields: string }>;
    for (const r of found) {
      const key = `${r.table_name}\u0000${r.row_id}`;
      const entry = overlay.get(key) ?? { deleted: false, fields: {} };
      if (r.op === 'delete') entry.deleted = true;
      else Object.assign(entry.fields, outboxFields(r));
      overlay.set(key, entry);
    }
    return overlay;
  }

  /** Rows parked for a table nobody applied, applied at start if a feature has registered it since. */
  private applyParked(): void {
    if (!this.store.db.select({ seq: syncParked.seq }).from(syncParked).limit(1).get()) return;
    this.store.write((tx) => this.retryParked(tx));
  }

  // ---- recovery

  /**
   * The hub's answers that mean "we disagree about history": a new epoch (restored
   * from a backup), or a batch number it did not expect. Either way every local
   * change is sent again (the hub skips the ones it has, by change id) and, after a
   * restore, the whole feed is pulled again.
   */
  private async recover(error: unknown): Promise<void> {
    if (!(error instanceof HubError)) return;
    if (error.code === 'EPOCH_CHANGED') {
      await this.restartFromHub(error.detail?.epoch ?? null);
      throw new Resync();
    }
    if (error.code === 'BATCH_GAP') {
      // The hub has lost batches it once acknowledged: it was restored, whether or not
      // IT has turned the epoch yet. Its feed may have lost rows too, so start over.
      await this.restartFromHub(null);
      throw new Resync();
    }
    if (error.code === 'BATCH_MISMATCH' && error.detail?.expectedBatchSeq) {
      // The hub has batches this store does not remember (this store came back from a
      // backup): number on from the hub's count and send everything again.
      const expected = error.detail.expectedBatchSeq;
      this.store.write((tx) => {
        this.sendEverythingAgain();
        this.updateState({ nextBatchSeq: expected, inflightToSeq: null }, tx);
      });
      log.warn({ code: error.code, expected }, 'batch numbers disagreed with the hub; sending every change again');
      throw new Resync();
    }
  }

  /** Every entry the outbox retains counts as unsent again (inside the caller's transaction). */
  private sendEverythingAgain(): void {
    this.store.sqlite.prepare('UPDATE outbox SET sent_at = NULL WHERE sent_at IS NOT NULL').run();
    this.store.sqlite.prepare('DELETE FROM outbox_acks').run();
  }

  private async restartFromHub(epoch: string | null): Promise<void> {
    // A restored hub counts the roster from where its backup stood: a version seen before means nothing.
    this.mirroredRosterVersion = null;
    const st = this.readState();
    const device = await this.client.device(st.token!);
    this.store.write((tx) => {
      this.sendEverythingAgain();
      this.updateState(
        {
          epoch: epoch ?? device.epoch,
          cursor: 0,
          nextBatchSeq: device.lastBatchSeq + 1,
          inflightToSeq: null,
          highWater: device.highWater,
        },
        tx,
      );
    });
    log.warn({}, 'the hub was restored from a backup: sending every change again and pulling from the start');
  }

  // ---- notices

  private openNotices(): void {
    if (this.notices || !this.started) return;
    const controller = new AbortController();
    this.notices = controller;
    void (async () => {
      let attempt = 0;
      // Stopped, or the store closed under it (the app quitting): the loop ends quietly.
      while (this.started && !controller.signal.aborted && this.store.sqlite.open) {
        const token = this.readState().token;
        if (!token) break;
        try {
          await this.client.notices(
            token,
            (highWater) => {
              attempt = 0;
              if (this.store.sqlite.open && highWater > this.readState().cursor) this.requestSync();
            },
            controller.signal,
          );
        } catch {
          attempt++;
        }
        if (controller.signal.aborted) break;
        await sleep(backoffDelay(attempt, this.random), controller.signal);
      }
      if (this.notices === controller) this.notices = null;
    })();
  }

  // ---- state

  private readState(tx?: Tx) {
    return (tx ?? this.store.db).select().from(syncState).where(eq(syncState.id, 1)).get()!;
  }

  private updateState(values: Partial<typeof syncState.$inferInsert>, tx?: Tx): void {
    (tx ?? this.store.db).update(syncState).set(values).where(eq(syncState.id, 1)).run();
  }

  private noteHubTime(hubTime: string): void {
    this.clockOffsetMs = Date.now() - Date.parse(hubTime);
  }

  private setState(state: SyncStatus['state']): void {
    this.state = state;
    this.emitStatus();
  }

  private emitStatus(): void {
    if (this.options.onStatus && this.store.sqlite.open) this.options.onStatus(this.status());
  }
}

/**
 * The first rows whose fields fit the push body budget (at least one: the hub says if it is too large),
 * counted as they go on the wire: an entry stored by position (decision 0043) is shorter stored.
 */
function withinBodyBudget(rows: OutboxRow[]): OutboxRow[] {
  let size = 0;
  for (let i = 0; i < rows.length; i++) {
    size += outboxFieldsLength(rows[i]!.table_name, rows[i]!.fields);
    if (size > PUSH_BODY_BUDGET && i > 0) return rows.slice(0, i);
  }
  return rows;
}

/** What the page-wide lookup said about this row; undefined when its applier did not ask. */
function existingRow(
  existing: Map<string, Map<string, number | bigint>> | undefined,
  row: { tableName: string; rowId: string },
): ExistingRow | undefined {
  const table = existing?.get(row.tableName);
  if (!table) return undefined;
  const rowid = table.get(row.rowId);
  return rowid === undefined ? null : { rowid };
}

/** The change an entry holds, as the hub receives it: what its storage left out put back (decision 0039). */
function toChange(row: OutboxRow, deviceId: string): unknown {
  let fields: unknown;
  try {
    fields = outboxFields(row);
  } catch {
    fields = null;
  }
  return {
    changeId: outboxChangeId(row.change_id),
    table: row.table_name,
    rowId: row.row_id,
    op: row.op,
    fields,
    hlc: outboxHlc(row.hlc, deviceId),
    baseCursor: row.base_cursor ?? 0,
    userId: row.user_id,
  };
}

function toLocalChange(row: OutboxRow) {
  let fields: Record<string, unknown> = {};
  try {
    fields = outboxFields(row);
  } catch {
    // kept empty: the entry was unreadable
  }
  return { tableName: row.table_name, rowId: row.row_id, fields };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
