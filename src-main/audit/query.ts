import { and, count, desc, eq, gte, like, lte, type SQL } from 'drizzle-orm';
import Papa from 'papaparse';
import type { AuditEntryView, AuditFilter } from '../../src-shared/audit/contract';
import type { Store } from '../store/store';
import { auditEvents } from './table';

type AuditRow = typeof auditEvents.$inferSelect;

function where(filter: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  // `at` is an ISO instant in UTC, so text order is time order.
  if (filter.from) conditions.push(gte(auditEvents.at, new Date(filter.from).toISOString()));
  if (filter.to) conditions.push(lte(auditEvents.at, new Date(filter.to).toISOString()));
  if (filter.username) conditions.push(eq(auditEvents.username, filter.username.toLowerCase()));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  // patient_ids is a JSON array of ids; a quoted match never hits a longer id.
  if (filter.patientId) conditions.push(like(auditEvents.patientIds, `%${JSON.stringify(filter.patientId)}%`));
  return conditions.length ? and(...conditions) : undefined;
}

function view(row: AuditRow): AuditEntryView {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at,
    userId: row.userId,
    username: row.username,
    workstation: row.workstation,
    action: row.action as AuditEntryView['action'],
    channel: row.channel,
    patientIds: JSON.parse(row.patientIds) as string[],
    hash: row.hash,
  };
}

/** Newest first, one page at a time, with the total the filter matches. */
export function listAudit(
  store: Store,
  filter: AuditFilter & { limit: number; offset: number },
): { entries: AuditEntryView[]; total: number } {
  const condition = where(filter);
  const rows = store.db
    .select()
    .from(auditEvents)
    .where(condition)
    .orderBy(desc(auditEvents.seq))
    .limit(filter.limit)
    .offset(filter.offset)
    .all();
  const total = store.db.select({ n: count() }).from(auditEvents).where(condition).get()?.n ?? 0;
  return { entries: rows.map(view), total };
}

const COLUMNS = ['seq', 'at', 'username', 'userId', 'workstation', 'action', 'channel', 'patientIds', 'hash'] as const;

/** The filtered audit, oldest first, as CSV with the chain hashes so a reader can re-check it. */
export function exportAudit(store: Store, filter: AuditFilter): { filename: string; csv: string; count: number } {
  const rows = store.db.select().from(auditEvents).where(where(filter)).orderBy(auditEvents.seq).all();
  const csv = Papa.unparse({
    fields: [...COLUMNS],
    data: rows.map((r) => {
      const v = view(r);
      return COLUMNS.map((c) => (c === 'patientIds' ? v.patientIds.join(' ') : (v[c] ?? '')));
    }),
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { filename: `caredesk-audit-${stamp}.csv`, csv, count: rows.length };
}
