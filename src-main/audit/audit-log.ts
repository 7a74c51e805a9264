import { hash } from 'node:crypto';
import type { AuditAction } from '../../src-shared/ipc/channel';
import { timeOrderedUuid } from '../store/ids';
import { insertRow } from '../store/row-statements';
import type { Store, Tx } from '../store/store';
import { auditEvents } from './table';

export interface AuditEntry {
  action: AuditAction;
  channel?: string;
  userId: string | null;
  username: string | null;
  patientIds: readonly string[];
}

export const GENESIS_HASH = '0'.repeat(64);

type AuditRow = typeof auditEvents.$inferSelect;

/** The hash of an entry covers every field and the previous entry's hash. */
export function auditHash(row: Omit<AuditRow, 'seq' | 'hash'>): string {
  const canonical = JSON.stringify([
    row.id,
    row.at,
    row.userId,
    row.username,
    row.workstation,
    row.action,
    row.channel,
    row.patientIds,
    row.prevHash,
  ]);
  // One-shot hash: a third faster than createHash() per entry when verifying a million.
  return hash('sha256', canonical, 'hex');
}

/** Appends one audit event inside the caller's transaction (and queues it for the hub). */
export function appendAudit(store: Store, tx: Tx, entry: AuditEntry): void {
  const last = lastHash(store).get();
  const row = {
    id: timeOrderedUuid(),
    at: new Date().toISOString(),
    userId: entry.userId,
    username: entry.username,
    workstation: store.deviceId,
    action: entry.action,
    channel: entry.channel ?? null,
    patientIds: JSON.stringify(entry.patientIds),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const hash = auditHash(row);
  // Prepared once per store: every audited read and write appends here.
  insertRow(store, auditEvents, { ...row, hash });
  store.recordChange(
    tx,
    { tableName: 'audit_events', rowId: row.id, op: 'append', fields: { ...row, hash } },
    entry.userId ? { userId: entry.userId } : null,
  );
}

const lastHash = (store: Store) =>
  store.prepared('audit.lastHash', ({ sqlite }) =>
    sqlite.prepare<[], { hash: string }>('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1'),
  );
