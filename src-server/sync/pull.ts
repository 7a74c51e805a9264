import { and, asc, eq, gt } from 'drizzle-orm';
import type { PullResponse } from '../../src-shared/sync/protocol';
import { readEpoch, type HubDb } from '../db/connect';
import { orgSequences, records } from '../db/schema';

/**
 * One page of the tenant's change feed after `after`: each row at its latest
 * version, in sequence (= commit) order. Read in one snapshot so the high-water
 * mark and the rows agree.
 */
export async function pullPage(db: HubDb, orgId: string, after: number, limit: number): Promise<PullResponse> {
  return db.transaction(
    async (tx) => {
      const epoch = await readEpoch(tx);
      const [sequence] = await tx
        .select({ lastSeq: orgSequences.lastSeq })
        .from(orgSequences)
        .where(eq(orgSequences.orgId, orgId));
      const rows = await tx
        .select({
          seq: records.version,
          table: records.tableName,
          rowId: records.rowId,
          deleted: records.deleted,
          fields: records.fields,
          hlc: records.hlc,
        })
        .from(records)
        .where(and(eq(records.orgId, orgId), gt(records.version, after)))
        .orderBy(asc(records.version))
        .limit(limit);
      return {
        epoch,
        rows: rows.map((r) => ({
          seq: r.seq,
          table: r.table,
          rowId: r.rowId,
          op: r.deleted ? ('delete' as const) : ('upsert' as const),
          fields: r.fields,
          hlc: r.hlc,
        })),
        cursor: rows.length ? rows[rows.length - 1]!.seq : after,
        highWater: sequence?.lastSeq ?? 0,
        hasMore: rows.length === limit,
        hubTime: new Date().toISOString(),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
