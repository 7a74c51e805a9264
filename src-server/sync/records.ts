import { and, eq, sql } from 'drizzle-orm';
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
    // The ids travel as one array parameter: a 500-change batch is one short statement, not 500 parameters.
    const rows = await db
      .select()
      .from(records)
      .where(
        and(
          eq(records.orgId, orgId),
          eq(records.tableName, tableName),
          sql`${records.rowId} = ANY(${sql.param([...ids])}::text[])`,
        ),
      );
    for (const r of rows) found.set(recordKey(r.tableName, r.rowId), { ...r, fieldStamps: r.fieldStamps });
  }
  return found;
}

/**
 * Writes every row a batch changed in one statement. The rows go in as one array
 * per column, unnested by PostgreSQL: building and binding a multi-row VALUES list
 * of thousands of parameters cost more than the write itself.
 */
export async function saveRecords(db: Queryable, orgId: string, changed: Iterable<RecordState>): Promise<void> {
  const rows = [...changed];
  if (rows.length === 0) return;
  const column = <T>(pick: (r: RecordState) => T) => sql.param(rows.map(pick));
  await db.execute(sql`
    INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, deleted, hlc, version, updated_at)
    SELECT ${orgId}::uuid, u.table_name, u.row_id, u.fields::jsonb, u.field_stamps::jsonb, u.deleted, u.hlc, u.version, now()
    FROM unnest(
      ${column((r) => r.tableName)}::text[],
      ${column((r) => r.rowId)}::text[],
      ${column((r) => JSON.stringify(r.fields))}::text[],
      ${column((r) => JSON.stringify(r.fieldStamps))}::text[],
      ${column((r) => r.deleted)}::boolean[],
      ${column((r) => r.hlc)}::text[],
      ${column((r) => r.version)}::bigint[]
    ) AS u(table_name, row_id, fields, field_stamps, deleted, hlc, version)
    ON CONFLICT (org_id, table_name, row_id) DO UPDATE SET
      fields = excluded.fields,
      field_stamps = excluded.field_stamps,
      deleted = excluded.deleted,
      hlc = excluded.hlc,
      version = excluded.version,
      updated_at = excluded.updated_at`);
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
