import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { DEFAULT_MAX_SKEW_MS, parseHlc } from '../../src-shared/hlc';
import { foldName } from '../../src-shared/patients/search-query';
import {
  MAX_BATCH_CHANGES,
  type ChangeResult,
  type PushRequest,
  type PushResponse,
  type RejectReason,
  type SyncChange,
} from '../../src-shared/sync/protocol';
import { REVIEW_TABLE, type ReviewKind } from '../../src-shared/sync/review';
import { syncKind } from '../../src-shared/sync/tables';
import type { HubDb, HubTx } from '../db/connect';
import { batches, orgSequences } from '../db/schema';
import { AuthError, authenticateHash } from '../auth/sessions';
import { runBookingCommand } from './bookings';
import { mergeMutable } from './merge';
import {
  openBatch,
  readBatchState,
  type PushCredential,
  recordKey,
  writeBatch,
  writtenSince,
  type BatchRead,
  type BatchState,
  type BatchWrites,
  type DuplicateCandidate,
  type RecordState,
} from './records';

export const NOTICE_CHANNEL = 'caredesk_push';
/** Possible duplicates flagged for one new patient at most; a person reviews the first few. */
const MAX_DUPLICATES_FLAGGED = 5;

export interface Caller {
  orgId: string;
  userId: string;
  deviceId: string;
}

/** The hub refuses a batch that would leave a hole in a device's sequence. */
export class BatchGapError extends Error {
  constructor(readonly expectedBatchSeq: number) {
    super(`Batch out of order: the hub expects batch ${expectedBatchSeq} from this device`);
  }
}
/** A batch number the hub committed before, sent again with different changes. */
export class BatchMismatchError extends Error {
  constructor(readonly expectedBatchSeq: number) {
    super(`Batch number already used for other changes: the hub expects batch ${expectedBatchSeq}`);
  }
}
/** A valid token of one workstation used to push as another. */
export class ForeignDeviceError extends Error {
  constructor() {
    super('This token belongs to another workstation');
  }
}
export class EpochChangedError extends Error {
  constructor(readonly epoch: string) {
    super('The hub was restored from a backup: pull from the start and send every change again');
  }
}

export interface PushOptions {
  now?: () => number;
  maxSkewMs?: number;
}

/**
 * Commits one batch of a device's changes: every change gets a result, and the
 * rows, the results, the batch's stored response and the device's batch number
 * commit in one PostgreSQL transaction. A retry of a committed batch (response
 * lost, replay) gets the stored response back and changes nothing.
 */
export async function pushBatch(
  db: HubDb,
  credential: PushCredential,
  request: PushRequest,
  options: PushOptions = {},
): Promise<PushResponse> {
  const now = options.now ?? Date.now;
  return db.transaction(async (tx) => {
    // Booking commands run against the ledger as they are applied: only under the
    // organization's lock. Any other batch is read with its device's row, locked
    // (one batch per device at a time, checked in order), the epoch and the caller's
    // token (decision 0135): one round trip.
    const hasBookings = request.changes.some((c) => syncKind(c.table) === 'booking');
    const read = hasBookings ? null : batchRead(request.changes);
    const device = await openBatch(tx, credential, read);
    if (!device) {
      // Refused: said as the token check before the transaction said it (nothing was written).
      const holder = await authenticateHash(tx, credential.tokenHash);
      if (holder && holder.deviceId !== credential.deviceId) throw new ForeignDeviceError();
      throw new AuthError('Sign in again');
    }
    const caller: Caller = { orgId: device.orgId, userId: device.userId, deviceId: credential.deviceId };
    const epoch = device.epoch;
    if (epoch === null) throw new Error('The hub database has no epoch');
    if (request.epoch !== null && request.epoch !== epoch) throw new EpochChangedError(epoch);
    if (request.batchSeq <= device.lastBatchSeq) return replay(tx, caller, request, device.lastBatchSeq);
    if (request.batchSeq > device.lastBatchSeq + 1) throw new BatchGapError(device.lastBatchSeq + 1);

    // Read and merged before the organization's lock, and kept if nothing the batch
    // read was written meanwhile: the lock is then held only to number and write it.
    const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
    const early = read ? await new BatchWork(tx, caller, now(), maxSkewMs).run(request.changes, device.state) : null;
    const write = (batch: BatchOutcome) => {
      const response: PushResponse = {
        epoch,
        batchSeq: request.batchSeq,
        replayed: false,
        results: batch.results,
        highWater: batch.lastSeq,
        hubTime: new Date(now()).toISOString(),
        maxBatchChanges: MAX_BATCH_CHANGES,
      };
      const written = writeBatch(tx, {
        ...batch.writes,
        orgId: caller.orgId,
        deviceId: caller.deviceId,
        batchSeq: request.batchSeq,
        changeIds: request.changes.map((c) => c.changeId),
        response,
        baseSeq: batch.baseSeq,
        lastSeq: batch.lastSeq,
        sequenceMoved: batch.lastSeq !== batch.baseSeq,
        notice: { channel: NOTICE_CHANNEL, payload: `${caller.orgId}:${batch.lastSeq}` },
      });
      return { response, written };
    };

    // Locks the tenant's sequence until commit: sequence order is commit order. A batch
    // merged early takes the lock with its write, which is made only if the sequence
    // did not move since the batch's read (decision 0133).
    let lockedSeq: number;
    if (early) {
      const first = write(early);
      const outcome = await first.written;
      if (outcome.written) return first.response;
      lockedSeq = outcome.lockedSeq;
    } else {
      const [sequence] = await tx
        .select({ lastSeq: orgSequences.lastSeq })
        .from(orgSequences)
        .where(eq(orgSequences.orgId, caller.orgId))
        .for('update');
      lockedSeq = sequence!.lastSeq;
    }
    let batch = early && (await stillCurrent(tx, caller.orgId, early, lockedSeq)) ? renumber(early, lockedSeq) : null;
    if (!batch) {
      batch = await new BatchWork(tx, caller, now(), maxSkewMs).run(request.changes);
      if (batch.baseSeq !== lockedSeq) throw new Error('The organization sequence moved under its lock');
    }
    const second = write(batch);
    if (!(await second.written).written) throw new Error('The organization sequence moved under its lock');
    return second.response;
  });
}

/** A batch worked out in memory: its answers, what it writes, and what it read. */
interface BatchOutcome {
  results: ChangeResult[];
  writes: Pick<BatchWrites, 'records' | 'newRecords' | 'results' | 'audit'>;
  /** The organization's sequence the batch's reads were current as of; its own numbers follow it. */
  baseSeq: number;
  lastSeq: number;
  /** Record keys it read (its rows and the duplicate candidates), and the birth dates it looked up. */
  read: { keys: Set<string>; birthDates: Set<string> };
}

/**
 * Whether a batch worked out before the lock still holds now that the sequence is
 * `lockedSeq`: nothing it read was written since (not its rows, not its duplicate
 * candidates, no new patient with one of its birth dates).
 */
async function stillCurrent(tx: HubTx, orgId: string, batch: BatchOutcome, lockedSeq: number): Promise<boolean> {
  if (lockedSeq === batch.baseSeq) return true;
  for (const row of await writtenSince(tx, orgId, batch.baseSeq)) {
    if (batch.read.keys.has(recordKey(row.tableName, row.rowId))) return false;
    if (row.tableName === 'patients' && row.dateOfBirth !== null && batch.read.birthDates.has(row.dateOfBirth))
      return false;
  }
  return true;
}

/**
 * Moves a batch's own sequence numbers (those after its base) to follow `lockedSeq`:
 * row versions, field stamps and results. Numbers it read (at or below the base)
 * stay; a merge compares them only with each other and with the changes' cursors.
 */
function renumber(batch: BatchOutcome, lockedSeq: number): BatchOutcome {
  const shift = lockedSeq - batch.baseSeq;
  if (shift === 0) return batch;
  const own = (seq: number) => (seq > batch.baseSeq ? seq + shift : seq);
  const ownOrNull = (seq: number | null) => (seq === null ? null : own(seq));
  const renumbered = (r: RecordState): RecordState => ({
    ...r,
    version: own(r.version),
    fieldStamps: Object.fromEntries(
      Object.entries(r.fieldStamps).map(([field, [hlc, seq, deviceId]]) => [field, [hlc, own(seq), deviceId]]),
    ),
  });
  return {
    ...batch,
    baseSeq: lockedSeq,
    lastSeq: batch.lastSeq + shift,
    results: batch.results.map((r) => ({ ...r, seq: ownOrNull(r.seq) })),
    writes: {
      ...batch.writes,
      results: batch.writes.results.map((r) => ({ ...r, seq: ownOrNull(r.seq) })),
      records: batch.writes.records.map(renumbered),
      newRecords: batch.writes.newRecords.map(renumbered),
    },
  };
}

async function replay(tx: HubTx, caller: Caller, request: PushRequest, lastBatchSeq: number): Promise<PushResponse> {
  const [stored] = await tx
    .select()
    .from(batches)
    .where(
      and(
        eq(batches.orgId, caller.orgId),
        eq(batches.deviceId, caller.deviceId),
        eq(batches.batchSeq, request.batchSeq),
      ),
    );
  const sent = request.changes.map((c) => c.changeId);
  if (!stored || stored.changeIds.length !== sent.length || stored.changeIds.some((id, i) => id !== sent[i])) {
    throw new BatchMismatchError(lastBatchSeq + 1);
  }
  // An answer stored before this hub took larger batches says so now.
  return { ...(stored.response as PushResponse), replayed: true, maxBatchChanges: MAX_BATCH_CHANGES };
}

/** The in-memory work of one batch: current rows loaded once, written once at the end. */
class BatchWork {
  private readonly rows = new Map<string, RecordState>();
  /** Keys of the rows the read found at the hub: the others this batch writes are new. */
  private readonly found = new Set<string>();
  private readonly changed = new Map<string, RecordState>();
  private readonly audit: BatchWrites['audit'][number][] = [];
  private readonly resultRows: BatchWrites['results'][number][] = [];
  private readonly flagged = new Map<string, number>();
  /** Patients already at the hub, by birth date, that this batch does not touch. */
  private readonly candidates = new Map<string, DuplicateCandidate[]>();
  /** The ids of this batch's patients (loaded or written), by birth date, for the duplicate check. */
  private readonly batchPatientsByBirth = new Map<string, Set<string>>();

  private lastSeq = 0;

  constructor(
    private readonly tx: HubTx,
    private readonly caller: Caller,
    private readonly nowMs: number,
    private readonly maxSkewMs: number,
  ) {}

  /** `state`: the batch's read, when it was read already (with its device's row); otherwise it is read here. */
  async run(changes: readonly SyncChange[], state: BatchState | null = null): Promise<BatchOutcome> {
    const read = batchRead(changes);
    const { keys } = read;
    state ??= await readBatchState(this.tx, this.caller.orgId, read);
    // Change ids are the device's own and its row is locked: no other push adds one.
    const { known } = state;
    const baseSeq = (this.lastSeq = state.lastSeq);
    // Rows not found are read too: one written meanwhile changes what this batch does.
    const readKeys = new Set(keys.map((k) => recordKey(k.tableName, k.rowId)));
    for (const [key, row] of state.rows) {
      this.found.add(key);
      this.remember(row);
    }
    for (const candidate of state.candidates) {
      // Rows of this batch are checked in memory, at their state in the batch.
      if (this.rows.has(recordKey('patients', candidate.rowId))) continue;
      readKeys.add(recordKey('patients', candidate.rowId));
      const dob = candidate.fields.dateOfBirth;
      const list = this.candidates.get(dob);
      if (list) list.push(candidate);
      else this.candidates.set(dob, [candidate]);
    }

    const results: ChangeResult[] = [];
    for (const change of changes) {
      if (known.has(change.changeId)) {
        // Sent before (a replay after a restore, or a re-sent outbox): applied once already.
        results.push(result(change, 'duplicate', null, null, known.get(change.changeId) ?? null));
        continue;
      }
      const outcome = await this.apply(change);
      known.set(change.changeId, outcome.seq);
      results.push(outcome);
      this.resultRows.push({
        changeId: change.changeId,
        userId: change.userId,
        tableName: change.table,
        rowId: change.rowId,
        status: outcome.status,
        reason: outcome.reason,
        seq: outcome.seq,
      });
    }
    const records: RecordState[] = [];
    const newRecords: RecordState[] = [];
    for (const [key, record] of this.changed) (this.found.has(key) ? records : newRecords).push(record);
    return {
      results,
      writes: { records, newRecords, results: this.resultRows, audit: this.audit },
      baseSeq,
      lastSeq: this.lastSeq,
      read: { keys: readKeys, birthDates: new Set(read.birthDates) },
    };
  }

  private nextSeq(): number {
    return ++this.lastSeq;
  }

  private put(record: RecordState): void {
    this.remember(record);
    this.changed.set(recordKey(record.tableName, record.rowId), record);
  }

  private remember(record: RecordState): void {
    this.rows.set(recordKey(record.tableName, record.rowId), record);
    const dob = record.fields.dateOfBirth;
    if (record.tableName !== 'patients' || typeof dob !== 'string') return;
    const ids = this.batchPatientsByBirth.get(dob);
    if (ids) ids.add(record.rowId);
    else this.batchPatientsByBirth.set(dob, new Set([record.rowId]));
  }

  private async apply(change: SyncChange): Promise<ChangeResult> {
    const kind = syncKind(change.table);
    if (!kind) return result(change, 'rejected', 'unknown_table', `The hub does not sync ${change.table}`, null);
    const wall = parseHlc(change.hlc).wallMs;
    if (wall - this.nowMs > this.maxSkewMs) {
      return this.refuse(
        change,
        'clock_ahead',
        `The workstation clock was ${Math.round((wall - this.nowMs) / 60_000)} minutes ahead of the hub`,
      );
    }
    const current = this.rows.get(recordKey(change.table, change.rowId));
    switch (kind) {
      case 'hub-only':
        if (change.op !== 'append' && change.op !== 'insert')
          return result(change, 'rejected', 'read_only', 'Audit events are never edited', null);
        this.audit.push({ id: change.rowId, fields: change.fields });
        return result(change, 'applied', null, null, null);
      case 'append': {
        if (change.op !== 'append' && change.op !== 'insert')
          return this.refuse(change, 'read_only', `${change.table} entries are corrected by an addendum, never edited`);
        if (current) return result(change, 'duplicate', null, null, current.version);
        const merged = mergeMutable(undefined, change, this.caller.deviceId, this.nextSeq());
        if (merged.kind === 'rejected') return this.refuse(change, merged.reason, null);
        this.put(merged.record);
        return result(change, 'applied', null, null, merged.record.version);
      }
      case 'mutable': {
        const merged = mergeMutable(current, change, this.caller.deviceId, this.nextSeq());
        if (merged.kind === 'rejected') return this.refuse(change, merged.reason, null);
        this.put(merged.record);
        for (const clash of merged.clashes) {
          this.review('conflict', change, { field: clash.field, kept: clash.kept, lost: clash.lost }, null);
        }
        if (change.table === 'patients' && change.op === 'insert' && !current) this.flagDuplicates(merged.record);
        return result(change, merged.clashes.length ? 'conflict' : 'applied', null, null, merged.record.version);
      }
      case 'booking': {
        const outcome = await runBookingCommand(this.tx, this.caller, change, current, this.nextSeq());
        switch (outcome.kind) {
          case 'applied':
            this.put(outcome.record);
            return result(change, 'applied', null, null, outcome.record.version);
          case 'duplicate':
            return result(change, 'duplicate', null, null, current?.version ?? null);
          case 'rejected':
            return this.refuse(change, outcome.reason, outcome.message);
          case 'slot_taken':
            if (outcome.record) this.put(outcome.record);
            this.review('rebook', change, outcome.requested, 'slot_taken');
            return result(
              change,
              'rejected',
              'slot_taken',
              'The provider is already booked at that time',
              outcome.record?.version ?? null,
            );
        }
      }
    }
  }

  /**
   * A refused change still leaves the workstation that made it holding its own
   * version of the row. Sending the hub's version again (or a tombstone, for a row
   * the hub never had) puts that workstation back in step; the change itself is on
   * its review list.
   */
  private refuse(change: SyncChange, reason: RejectReason, message: string | null): ChangeResult {
    const current = this.rows.get(recordKey(change.table, change.rowId));
    const seq = this.nextSeq();
    this.put(
      current
        ? { ...current, version: seq }
        : {
            tableName: change.table,
            rowId: change.rowId,
            fields: {},
            fieldStamps: {},
            deleted: true,
            hlc: null,
            version: seq,
          },
    );
    return result(change, 'rejected', reason, message, seq);
  }

  private review(kind: ReviewKind, change: SyncChange, details: Record<string, unknown>, reason: string | null): void {
    const patientIds =
      change.table === 'patients'
        ? [change.rowId]
        : typeof change.fields.patientId === 'string'
          ? [change.fields.patientId]
          : typeof details.patientId === 'string'
            ? [details.patientId]
            : [];
    this.addReviewItem({
      kind,
      table: change.table,
      rowId: change.rowId,
      patientIds,
      details,
      reason,
      assignedUserId: kind === 'rebook' ? (change.userId ?? this.caller.userId) : null,
    });
  }

  private addReviewItem(item: {
    kind: ReviewKind;
    table: string;
    rowId: string;
    patientIds: string[];
    details: Record<string, unknown>;
    reason: string | null;
    assignedUserId: string | null;
  }): void {
    const fields = { ...item, createdAt: new Date(this.nowMs).toISOString(), resolvedAt: null };
    this.put({
      tableName: REVIEW_TABLE,
      rowId: randomUUID(),
      fields,
      fieldStamps: {},
      deleted: false,
      hlc: null,
      version: this.nextSeq(),
    });
  }

  // Patients created apart (two workstations offline) who are probably one person:
  // same date of birth and last name, and the same first initial or phone. Checked
  // against this batch's patients with that birth date, at their state in the batch,
  // and the patients already here with it, read with the batch's rows.
  private flagDuplicates(patient: RecordState): void {
    const dob = patient.fields.dateOfBirth;
    if (typeof dob !== 'string') return;
    const others: Array<{ rowId: string; fields: Record<string, unknown>; deleted: boolean }> = [];
    for (const rowId of this.batchPatientsByBirth.get(dob) ?? []) {
      const other = this.rows.get(recordKey('patients', rowId));
      if (other && other.fields.dateOfBirth === dob) others.push(other);
    }
    for (const candidate of this.candidates.get(dob) ?? []) others.push({ ...candidate, deleted: false });
    for (const other of others) {
      if (other.rowId !== patient.rowId && !other.deleted && probablySame(patient, other))
        this.flagPair(patient, other);
    }
  }

  private flagPair(a: RecordState, b: { rowId: string }): void {
    const flagged = this.flagged.get(a.rowId) ?? 0;
    if (flagged >= MAX_DUPLICATES_FLAGGED) return;
    this.flagged.set(a.rowId, flagged + 1);
    this.addReviewItem({
      kind: 'possible_duplicate',
      table: 'patients',
      rowId: a.rowId,
      patientIds: [a.rowId, b.rowId],
      details: { reason: 'Same date of birth and last name' },
      reason: null,
      assignedUserId: null,
    });
  }
}

/** What a batch reads: its change ids, the rows it touches (not hub-only ones), its new patients' birth dates. */
function batchRead(changes: readonly SyncChange[]): BatchRead {
  const births = new Set<string>();
  for (const c of changes) {
    if (c.table === 'patients' && c.op === 'insert' && typeof c.fields.dateOfBirth === 'string')
      births.add(c.fields.dateOfBirth);
  }
  return {
    changeIds: changes.map((c) => c.changeId),
    keys: changes.filter((c) => syncKind(c.table) !== 'hub-only').map((c) => ({ tableName: c.table, rowId: c.rowId })),
    birthDates: [...births],
  };
}

function probablySame(a: { fields: Record<string, unknown> }, b: { fields: Record<string, unknown> }): boolean {
  const text = (r: { fields: Record<string, unknown> }, f: string) =>
    typeof r.fields[f] === 'string' ? foldName(r.fields[f]) : '';
  if (!text(a, 'lastName') || typeof a.fields.dateOfBirth !== 'string') return false;
  return (
    a.fields.dateOfBirth === b.fields.dateOfBirth &&
    text(a, 'lastName') === text(b, 'lastName') &&
    (text(a, 'firstName').slice(0, 1) === text(b, 'firstName').slice(0, 1) ||
      (typeof a.fields.phone === 'string' && a.fields.phone === b.fields.phone))
  );
}

function result(
  change: SyncChange,
  status: ChangeResult['status'],
  reason: RejectReason | null,
  message: string | null,
  seq: number | null,
): ChangeResult {
  return { changeId: change.changeId, status, reason, message, seq };
}
