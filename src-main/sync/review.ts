import { randomUUID } from 'node:crypto';
import { count, desc, eq, isNull, sql } from 'drizzle-orm';
import { reviewItemSchema, type ReviewItem } from '../../src-shared/sync/review';
import type { Db } from '../store/database';
import type { Tx } from '../store/store';
import type { RowApplier } from './appliers';
import { syncReview } from './table';

export type SourcedReviewItem = ReviewItem & { source: 'hub' | 'local' };

/** Hub-made worklist items (conflicts, rebooks, possible duplicates) arrive as `review_items` rows. */
export const reviewItemApplier: RowApplier = {
  upsert({ tx }, rowId, fields) {
    const parsed = reviewItemSchema.omit({ id: true }).safeParse(fields);
    // An item from a newer hub this version cannot read: skipped, the rest applies.
    if (!parsed.success) return;
    const item = parsed.data;
    const row = {
      id: rowId,
      kind: item.kind,
      tableName: item.table,
      rowId: item.rowId,
      patientIds: JSON.stringify(item.patientIds),
      details: JSON.stringify(item.details),
      reason: item.reason,
      assignedUserId: item.assignedUserId,
      createdAt: item.createdAt,
      resolvedAt: item.resolvedAt,
      source: 'hub' as const,
    };
    tx.insert(syncReview)
      .values(row)
      .onConflictDoUpdate({ target: syncReview.id, set: { resolvedAt: row.resolvedAt, details: row.details } })
      .run();
  },
  remove({ tx }, rowId) {
    tx.delete(syncReview)
      .where(sql`${syncReview.id} = ${rowId}`)
      .run();
  },
};

/** A change the hub refused for good: kept with its data so a person can redo it. */
export function recordRejected(
  tx: Tx,
  change: { tableName: string; rowId: string; fields: Record<string, unknown> },
  reason: string,
  message: string | null,
): void {
  tx.insert(syncReview)
    .values({
      id: randomUUID(),
      kind: 'rejected',
      tableName: change.tableName,
      rowId: change.rowId,
      patientIds: JSON.stringify(
        change.tableName === 'patients'
          ? [change.rowId]
          : typeof change.fields.patientId === 'string'
            ? [change.fields.patientId]
            : [],
      ),
      details: JSON.stringify({ fields: change.fields, message }),
      reason,
      assignedUserId: null,
      createdAt: new Date().toISOString(),
      resolvedAt: null,
      source: 'local',
    })
    .run();
}

export function listReviewItems(db: Db, includeResolved: boolean): SourcedReviewItem[] {
  const rows = db
    .select()
    .from(syncReview)
    .where(includeResolved ? undefined : isNull(syncReview.resolvedAt))
    .orderBy(desc(syncReview.createdAt))
    .all();
  return rows.map(toSourcedItem);
}

export function listReviewItem(db: Db | Tx, id: string): SourcedReviewItem | null {
  const row = db.select().from(syncReview).where(eq(syncReview.id, id)).get();
  return row ? toSourcedItem(row) : null;
}

function toSourcedItem(r: typeof syncReview.$inferSelect): SourcedReviewItem {
  return {
    id: r.id,
    kind: r.kind,
    table: r.tableName,
    rowId: r.rowId,
    patientIds: JSON.parse(r.patientIds) as string[],
    details: JSON.parse(r.details) as Record<string, unknown>,
    reason: r.reason,
    assignedUserId: r.assignedUserId,
    createdAt: r.createdAt,
    resolvedAt: r.resolvedAt,
    source: r.source,
  };
}

export function countOpenReviewItems(db: Db): number {
  return db.select({ n: count() }).from(syncReview).where(isNull(syncReview.resolvedAt)).get()?.n ?? 0;
}
