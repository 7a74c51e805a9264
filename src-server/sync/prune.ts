import { sql } from 'drizzle-orm';
import type { HubDb } from '../db/connect';

/**
 * Drops stored batch answers and per-change results committed before `before`
 * (decision 0111: workstations re-send acknowledged changes only within their
 * 30-day outbox window, so older records can no longer be asked for). Each
 * device's latest batch and its results are kept whatever their age: a
 * workstation that lost that answer retries the very same batch and must get it.
 */
export async function pruneSyncHistory(db: HubDb, before: Date): Promise<{ batches: number; results: number }> {
  const at = before.toISOString();
  const count = async (query: ReturnType<typeof sql>) => {
    // PostgreSQL and PGlite both answer with `rows`.
    const { rows } = (await db.execute(query)) as { rows: Array<{ n: string | number }> };
    return Number(rows[0]?.n ?? 0);
  };
  const results = await count(sql`
    WITH gone AS (
      DELETE FROM change_results r WHERE r.created_at < ${at}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM devices d
                        WHERE d.org_id = r.org_id AND d.id = r.device_id AND d.last_batch_seq = r.batch_seq)
      RETURNING 1)
    SELECT count(*) AS n FROM gone`);
  const batches = await count(sql`
    WITH gone AS (
      DELETE FROM batches b WHERE b.created_at < ${at}::timestamptz
        AND NOT EXISTS (SELECT 1 FROM devices d
                        WHERE d.org_id = b.org_id AND d.id = b.device_id AND d.last_batch_seq = b.batch_seq)
      RETURNING 1)
    SELECT count(*) AS n FROM gone`);
  return { batches, results };
}
