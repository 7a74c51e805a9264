import type { SyncChange } from '../../src-shared/sync/protocol';
import { DERIVED_FIELDS } from '../../src-shared/sync/tables';
import { sameJson, type FieldStamp, type RecordState } from './records';

/** A same-field clash: both values, and which one the row kept. */
export interface FieldClash {
  field: string;
  kept: { value: unknown; hlc: string; deviceId: string };
  lost: { value: unknown; hlc: string; deviceId: string };
}

export type MergeOutcome =
  | { kind: 'applied'; record: RecordState; clashes: FieldClash[] }
  | { kind: 'rejected'; reason: 'unknown_row' | 'deleted' };

/**
 * Per-field merge of one change into a mutable row (ARCHITECTURE §4).
 *
 * A field written by another device at a sequence this change had not pulled yet
 * (`stamp.seq > change.baseCursor`) is a concurrent write. Concurrent writes of
 * different values clash: the later hybrid clock stamp wins and the other value is
 * kept in a conflict record. A write the change had seen is simply overwritten,
 * whatever the clocks say, so a workstation with a slow clock still wins the edits
 * it made after seeing the others'.
 */
export function mergeMutable(
  current: RecordState | undefined,
  change: SyncChange,
  deviceId: string,
  seq: number,
): MergeOutcome {
  const stamp: FieldStamp = [change.hlc, seq, deviceId];
  if (change.op === 'delete') {
    // A tombstone keeps no fields: a deleted row's data leaves every replica.
    return {
      kind: 'applied',
      clashes: [],
      record: {
        tableName: change.table,
        rowId: change.rowId,
        fields: {},
        fieldStamps: {},
        deleted: true,
        hlc: maxHlc(current?.hlc ?? null, change.hlc),
        version: seq,
      },
    };
  }
  if (current?.deleted) return { kind: 'rejected', reason: 'deleted' };
  if (!current) {
    if (change.op === 'update') return { kind: 'rejected', reason: 'unknown_row' };
    return {
      kind: 'applied',
      clashes: [],
      record: {
        tableName: change.table,
        rowId: change.rowId,
        fields: { ...change.fields },
        fieldStamps: Object.fromEntries(Object.keys(change.fields).map((f) => [f, stamp])),
        deleted: false,
        hlc: change.hlc,
        version: seq,
      },
    };
  }
  const fields = { ...current.fields };
  const fieldStamps = { ...current.fieldStamps };
  const clashes: FieldClash[] = [];
  for (const [field, value] of Object.entries(change.fields)) {
    const prior = fieldStamps[field];
    const seen = !prior || prior[2] === deviceId || prior[1] <= change.baseCursor;
    if (seen || sameJson(fields[field], value)) {
      fields[field] = value;
      fieldStamps[field] = seen || change.hlc > prior[0] ? stamp : prior;
      continue;
    }
    const incoming = { value, hlc: change.hlc, deviceId };
    const stored = { value: fields[field], hlc: prior[0], deviceId: prior[2] };
    const clash: FieldClash =
      change.hlc > prior[0] ? { field, kept: incoming, lost: stored } : { field, kept: stored, lost: incoming };
    if (change.hlc > prior[0]) {
      fields[field] = value;
      fieldStamps[field] = stamp;
    }
    if (!DERIVED_FIELDS.has(field)) clashes.push(clash);
  }
  return {
    kind: 'applied',
    clashes,
    record: { ...current, fields, fieldStamps, hlc: maxHlc(current.hlc, change.hlc), version: seq },
  };
}

function maxHlc(a: string | null, b: string): string {
  return a !== null && a > b ? a : b;
}
