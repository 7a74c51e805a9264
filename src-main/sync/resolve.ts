import { eq, getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { DomainError } from '../../src-shared/errors';
import { conflictDetailsSchema, REVIEW_TABLE, type ReviewChoice } from '../../src-shared/sync/review';
import { nameKeys } from '../patients/name-keys';
import * as schema from '../store/schema';
import type { Actor, Store, Tx } from '../store/store';
import type { ApplierRegistry } from './appliers';
import { listReviewItem, type SourcedReviewItem } from './review';
import { syncReview } from './table';

/** Local tables by their SQL name, for putting a conflict's other value back. */
const TABLES = new Map<string, SQLiteTable>();
for (const value of Object.values(schema) as unknown[]) {
  if (is(value, SQLiteTable)) TABLES.set(getTableName(value), value);
}

/**
 * Settles one worklist item for the person at the keyboard. A hub item's
 * resolution is an edit of its `review_items` row, so it syncs and leaves every
 * workstation's worklist; a refused change of this workstation is settled here only.
 * Restoring a conflict's other value is an ordinary edit of the row (captured in
 * the outbox, merged at the hub like any other), written in the same transaction.
 */
export function resolveReviewItem(
  store: Store,
  appliers: ApplierRegistry,
  id: string,
  choice: ReviewChoice,
  actor: Actor,
): SourcedReviewItem {
  return store.write((tx) => {
    const item = tx.select().from(syncReview).where(eq(syncReview.id, id)).get();
    if (!item) throw new DomainError('NOT_FOUND', 'No such item on the sync worklist');
    if (item.resolvedAt) throw new DomainError('CONFLICT', 'Someone has already settled this item');
    if (choice === 'restore') restoreLostValue(store, appliers, tx, item, actor);
    const resolvedAt = new Date().toISOString();
    tx.update(syncReview).set({ resolvedAt }).where(eq(syncReview.id, id)).run();
    if (item.source === 'hub') {
      store.recordChange(tx, { tableName: REVIEW_TABLE, rowId: id, op: 'update', fields: { resolvedAt } }, actor);
    }
    return listReviewItem(tx, id)!;
  });
}

function restoreLostValue(
  store: Store,
  appliers: ApplierRegistry,
  tx: Tx,
  item: typeof syncReview.$inferSelect,
  actor: Actor,
): void {
  const details = conflictDetailsSchema.safeParse(JSON.parse(item.details));
  if (item.kind !== 'conflict' || !details.success)
    throw new DomainError('VALIDATION', 'Only a conflict has another value to put back');
  const table = TABLES.get(item.tableName);
  const applier = appliers.get(item.tableName);
  const columns = table ? getTableColumns(table) : {};
  const { field, lost } = details.data;
  if (!table || !applier || !Object.hasOwn(columns, field) || field === 'id')
    throw new DomainError('VALIDATION', 'This workstation cannot edit that record');
  const idColumn = columns.id!;
  const current = tx.select().from(table).where(eq(idColumn, item.rowId)).get();
  if (!current) throw new DomainError('NOT_FOUND', 'The record of this conflict is no longer here');
  const changed: Record<string, unknown> = { [field]: lost.value };
  if ('updatedAt' in columns) changed.updatedAt = new Date().toISOString();
  // A patient's phonetic name keys follow the name.
  if (item.tableName === 'patients' && (field === 'firstName' || field === 'lastName')) {
    const next = { ...current, ...changed } as { firstName: string; lastName: string };
    Object.assign(changed, nameKeys(next.firstName, next.lastName));
  }
  // The table's applier writes the whole row and keeps its side tables (the name index) in step.
  applier.upsert({ tx, sqlite: store.sqlite }, item.rowId, { ...current, ...changed });
  store.recordChange(tx, { tableName: item.tableName, rowId: item.rowId, op: 'update', fields: changed }, actor);
}
