import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/connect';
import { records } from '../db/schema';

export type FieldStamp = [hlc: string, seq: number, deviceId: string];

/** A synced row's state at the hub, as a push works on it in memory before writing it back. */
export interface RecordState {
  tableName: string;
  rowId: string;
  fields: Record<string, unknown>;
  fieldStamps: Record<string, FieldStamp>;
  deleted: boolean;
  hlc: string | null;
  version: number;
}

export const recordKey = (tableName: string, rowId: string) => `${tableName}\u0000${rowId}`;

/** The current state of the rows a batch touches, one query per table. */
export async function loadRecords(
  db: Queryable,
  orgId: string,
  keys: ReadonlyArray<{ tableName: string; rowId: string }>,
): Promise<Map<string, RecordState>> {
  const byTable = new Map<string, Set<string>>();
  for (const k of keys) byTable.set(k.tableName, (byTable.get(k.tableName) ?? new Set()).add(k.rowId));
  const found = new Map<string, RecordState>();
  for (const [tableName, ids] of byTable) {
    const rows = await db
      .select()
      .from(records)
      .where(and(eq(records.orgId, orgId), eq(records.tableName, tableName), inArray(records.rowId, [...ids])));
    for (const r of rows) found.set(recordKey(r.tableName, r.rowId), { ...r, fieldStamps: r.fieldStamps });
  }
  return found;
}

/** Writes every row a batch changed, in one statement. */
export async function saveRecords(db: Queryable, orgId: string, changed: Iterable<RecordState>): Promise<void> {
  const values = [...changed].map((r) => ({ orgId, ...r, updatedAt: new Date() }));
  // One INSERT has at most 65535 parameters; 2,000 rows of 9 columns stays well under.
  for (let i = 0; i < values.length; i += 2000) {
    await db
      .insert(records)
      .values(values.slice(i, i + 2000))
      .onConflictDoUpdate({
        target: [records.orgId, records.tableName, records.rowId],
        set: {
          fields: sql`excluded.fields`,
          fieldStamps: sql`excluded.field_stamps`,
          deleted: sql`excluded.deleted`,
          hlc: sql`excluded.hlc`,
          version: sql`excluded.version`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
}

/** JSON equality that ignores object key order (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
