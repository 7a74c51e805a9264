import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DEFAULT_MAX_SKEW_MS, parseHlc } from '../../src-shared/hlc';
import { foldName } from '../../src-shared/patients/search-query';
import type { ChangeResult, PushRequest, PushResponse, RejectReason, SyncChange } from '../../src-shared/sync/protocol';
import { REVIEW_TABLE, type ReviewKind } from '../../src-shared/sync/review';
import { syncKind } from '../../src-shared/sync/tables';
import { readEpoch, type HubDb, type HubTx } from '../db/connect';
import { auditTrail, batches, changeResults, devices, orgSequences, records } from '../db/schema';
import { runBookingCommand } from './bookings';
import { mergeMutable } from './merge';
import { loadRecords, recordKey, saveRecords, type RecordState } from './records';

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
  caller: Caller,
  request: PushRequest,
  options: PushOptions = {},
): Promise<PushResponse> {
  const now = options.now ?? Date.now;
  return db.transaction(async (tx) => {
    const epoch = await readEpoch(tx);
    if (request.epoch !== null && request.epoch !== epoch) throw new EpochChangedError(epoch);

    // Locks the device row: one batch per device at a time, checked in order.
    const [device] = await tx
      .select({ lastBatchSeq: devices.lastBatchSeq })
      .from(devices)
      .where(and(eq(devices.orgId, caller.orgId), eq(devices.id, caller.deviceId)))
      .for('update');
    if (!device) throw new Error('The device is not enrolled');
    if (request.batchSeq <= device.lastBatchSeq) return replay(tx, caller, request, device.lastBatchSeq);
    if (request.batchSeq > device.lastBatchSeq + 1) throw new BatchGapError(device.lastBatchSeq + 1);

    // Locks the tenant's sequence until commit: sequence order is commit order.
    const [sequence] = await tx
      .select({ lastSeq: orgSequences.lastSeq })
      .from(orgSequences)
      .where(eq(orgSequences.orgId, caller.orgId))
      .for('update');
    const batch = new BatchWork(
      tx,
      caller,
      request.batchSeq,
      sequence!.lastSeq,
      now(),
      options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS,
    );
    const results = await batch.run(request.changes);

    const response: PushResponse = {
      epoch,
      batchSeq: request.batchSeq,
      replayed: false,
      results,
      highWater: batch.lastSeq,
      hubTime: new Date(now()).toISOString(),
    };
    await tx.insert(batches).values({
      orgId: caller.orgId,
      deviceId: caller.deviceId,
      batchSeq: request.batchSeq,
      changeIds: request.changes.map((c) => c.changeId),
      response,
    });
    await tx
      .update(devices)
      .set({ lastBatchSeq: request.batchSeq })
      .where(and(eq(devices.orgId, caller.orgId), eq(devices.id, caller.deviceId)));
    if (batch.lastSeq !== sequence!.lastSeq) {
      await tx.update(orgSequences).set({ lastSeq: batch.lastSeq }).where(eq(orgSequences.orgId, caller.orgId));
      // Delivered to every hub's listeners only when this transaction commits.
      await tx.execute(sql`SELECT pg_notify(${NOTICE_CHANNEL}, ${`${caller.orgId}:${batch.lastSeq}`})`);
    }
    return response;
  });
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
  return { ...(stored.response as PushResponse), replayed: true };
}

/** The in-memory work of one batch: current rows loaded once, written once at the end. */
class BatchWork {
  private readonly rows = new Map<string, RecordState>();
  private readonly changed = new Map<string, RecordState>();
  private readonly audit: Array<typeof auditTrail.$inferInsert> = [];
  private readonly resultRows: Array<typeof changeResults.$inferInsert> = [];
  private readonly flagged = new Map<string, number>();
  private readonly candidates = new Map<
    string,
    Array<{ rowId: string; fields: Record<string, unknown>; deleted: boolean }>
  >();

  constructor(
    private readonly tx: HubTx,
    private readonly caller: Caller,
    private readonly batchSeq: number,
    public lastSeq: number,
    private readonly nowMs: number,
    private readonly maxSkewMs: number,
  ) {}

  async run(changes: readonly SyncChange[]): Promise<ChangeResult[]> {
    const ids = changes.map((c) => c.changeId);
    const known = new Map(
      (
        await this.tx
          .select({ changeId: changeResults.changeId, seq: changeResults.seq })
          .from(changeResults)
          .where(
            and(
              eq(changeResults.orgId, this.caller.orgId),
              sql`${changeResults.changeId} = ANY(${sql.param(ids)}::uuid[])`,
            ),
          )
      ).map((r) => [r.changeId, r.seq]),
    );
    const loaded = await loadRecords(
      this.tx,
      this.caller.orgId,
      changes.filter((c) => syncKind(c.table) !== 'hub-only').map((c) => ({ tableName: c.table, rowId: c.rowId })),
    );
    for (const [key, row] of loaded) this.rows.set(key, row);
    await this.loadDuplicateCandidates(changes);

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
        orgId: this.caller.orgId,
        changeId: change.changeId,
        deviceId: this.caller.deviceId,
        batchSeq: this.batchSeq,
        userId: change.userId,
        tableName: change.table,
        rowId: change.rowId,
        status: outcome.status,
        reason: outcome.reason,
        seq: outcome.seq,
      });
    }
    await saveRecords(this.tx, this.caller.orgId, this.changed.values());
    if (this.audit.length) await this.tx.insert(auditTrail).values(this.audit).onConflictDoNothing();
    await saveResults(this.tx, this.caller, this.batchSeq, this.resultRows);
    return results;
  }

  private nextSeq(): number {
    return ++this.lastSeq;
  }

  private put(record: RecordState): void {
    const key = recordKey(record.tableName, record.rowId);
    this.rows.set(key, record);
    this.changed.set(key, record);
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
        this.audit.push({
          orgId: this.caller.orgId,
          id: change.rowId,
          deviceId: this.caller.deviceId,
          fields: change.fields,
        });
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
  // against this batch and the patients already here with those birth dates, which
  // are read in one query per batch.
  private flagDuplicates(patient: RecordState): void {
    const dob = patient.fields.dateOfBirth;
    const others = [
      ...[...this.rows.values()].filter((r) => r.tableName === 'patients' && r.fields.dateOfBirth === dob),
      ...(typeof dob === 'string' ? (this.candidates.get(dob) ?? []) : []),
    ];
    for (const other of others) {
      if (other.rowId !== patient.rowId && !other.deleted && probablySame(patient, other))
        this.flagPair(patient, other);
    }
  }

  private async loadDuplicateCandidates(changes: readonly SyncChange[]): Promise<void> {
    const births = [
      ...new Set(
        changes
          .filter((c) => c.table === 'patients' && c.op === 'insert' && typeof c.fields.dateOfBirth === 'string')
          .map((c) => c.fields.dateOfBirth as string),
      ),
    ];
    if (births.length === 0) return;
    const found = await this.tx
      .select({ rowId: records.rowId, fields: records.fields })
      .from(records)
      .where(
        and(
          eq(records.orgId, this.caller.orgId),
          // Spelled as the partial index records_patient_dob is, so the planner uses it.
          sql`${records.tableName} = 'patients' AND NOT ${records.deleted}`,
          inArray(sql`${records.fields}->>'dateOfBirth'`, births),
        ),
      )
      // A date of birth shared by thousands (1900-01-01 placeholders) must not make a push slow.
      .limit(200 * births.length);
    for (const row of found) {
      // Rows of this batch are checked in memory, at their state in the batch.
      if (this.rows.has(recordKey('patients', row.rowId))) continue;
      const dob = row.fields.dateOfBirth as string;
      this.candidates.set(dob, [
        ...(this.candidates.get(dob) ?? []),
        { rowId: row.rowId, fields: row.fields, deleted: false },
      ]);
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

/** A result per change, in one statement of column arrays (see saveRecords). */
async function saveResults(
  tx: HubTx,
  caller: Caller,
  batchSeq: number,
  rows: ReadonlyArray<typeof changeResults.$inferInsert>,
): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (r: (typeof rows)[number]) => T) => sql.param(rows.map(pick));
  await tx.execute(sql`
    INSERT INTO change_results (org_id, change_id, device_id, batch_seq, user_id, table_name, row_id, status, reason, seq)
    SELECT ${caller.orgId}::uuid, u.change_id, ${caller.deviceId}, ${batchSeq}, u.user_id, u.table_name, u.row_id,
      u.status, u.reason, u.seq
    FROM unnest(
      ${column((r) => r.changeId)}::uuid[],
      ${column((r) => r.userId ?? null)}::text[],
      ${column((r) => r.tableName)}::text[],
      ${column((r) => r.rowId)}::text[],
      ${column((r) => r.status)}::text[],
      ${column((r) => r.reason ?? null)}::text[],
      ${column((r) => r.seq ?? null)}::bigint[]
    ) AS u(change_id, user_id, table_name, row_id, status, reason, seq)`);
}
