import { sql } from 'drizzle-orm';
import type { PullFormat } from '../../src-shared/sync/protocol';
import type { HubDb } from '../db/connect';

/** The bytes a page is put together with, around and between its rows' texts. */
const COMMA = 0x2c;
const SPACE = 0x20;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * A row of the page as PostgreSQL answers it: a feed row (`version` and its JSON text `r`), or the
 * envelope row, last (its `version` is null). int8 arrives as text from node-postgres, as a bigint
 * from PGlite.
 */
interface PageRow {
  epoch: string | null;
  high_water: unknown;
  roster_version: unknown;
  version: unknown;
  r: string | null;
}

/**
 * One page of the tenant's change feed after `after`: each row at its latest
 * version, in sequence (= commit) order, as the UTF-8 bytes of a `PullResponse`'s JSON.
 *
 * `format` is what the workstation asked for (PULL_FORMAT_HEADER): rows as objects (1)
 * or as arrays (2).
 *
 * One statement, so the epoch, the high-water mark and the rows come from one
 * snapshot. PostgreSQL writes each row's JSON itself: a first sync moves hundreds of
 * thousands of rows, and parsing every `fields` value out of the driver only to
 * serialize it again cost the hub more than the query (decision 0120). It answers a
 * text per row, in the feed index's order, not one `json_agg` of the page (decision
 * 0170): the aggregate sorted the page again and built it in buffers of up to 8 MB
 * that every page touched afresh (~8,000 page faults a page, half of PostgreSQL's CPU
 * on the shared VM), where a row at a time reuses the same small ones. The envelope
 * comes as one more row with a null version, which sorts it after the feed (a merge
 * of the two, no sort of the page), and is there when the page is empty. The page is written
 * as bytes, the rows' texts copied into the buffer the hub sends (decision 0176).
 */
export async function pullPageJson(
  db: HubDb,
  orgId: string,
  after: number,
  limit: number,
  format: PullFormat = '1',
): Promise<Buffer> {
  // Format 2 (decision 0145): each row an array, `[seq, table, rowId, op, hlc, fields]`;
  // PostgreSQL writes an array with less work than an object with its keys, and the
  // page is about a tenth smaller. The fields go out as stored, in both.
  const row =
    format === '2'
      ? sql`json_build_array(version, table_name, row_id, CASE WHEN deleted THEN 'delete' ELSE 'upsert' END, hlc, fields)`
      : sql`json_build_object(
          'seq', version, 'table', table_name, 'rowId', row_id,
          'op', CASE WHEN deleted THEN 'delete' ELSE 'upsert' END,
          'fields', fields, 'hlc', hlc)`;
  const { rows } = (await db.execute(sql`
    SELECT NULL AS epoch, NULL::bigint AS high_water, NULL::bigint AS roster_version, version, r
    FROM (
      SELECT version, ${row}::text AS r FROM records
      WHERE org_id = ${orgId} AND version > ${after}
      ORDER BY version
      LIMIT ${limit}
    ) AS feed
    UNION ALL
    SELECT
      (SELECT value FROM hub_meta WHERE key = 'epoch'),
      (SELECT last_seq FROM org_sequences WHERE org_id = ${orgId}),
      (SELECT roster_version FROM organizations WHERE id = ${orgId}),
      NULL, NULL
    ORDER BY version`)) as { rows: PageRow[] };
  const envelope = rows[rows.length - 1]!;
  if (envelope.epoch === null) throw new Error('The hub database has no epoch');
  const n = rows.length - 1;
  const cursor = n > 0 ? Number(rows[n - 1]!.version) : after;
  const highWater = envelope.high_water === null ? 0 : Number(envelope.high_water);
  const head =
    `{"epoch":${JSON.stringify(envelope.epoch)},"cursor":${cursor},"highWater":${highWater},` +
    `"hasMore":${n === limit},"hubTime":${JSON.stringify(new Date().toISOString())},` +
    `"rosterVersion":${Number(envelope.roster_version ?? 0)},"rows":[`;
  // The page is written straight into the bytes the hub sends (decision 0176): joining the
  // rows' texts into one string and encoding that again cost the main thread about twice as
  // much. The rows are separated by `, `, json_agg's separator, so the page's bytes are as before.
  let size = Buffer.byteLength(head) + 2 + (n > 0 ? 2 * (n - 1) : 0);
  for (let i = 0; i < n; i++) size += Buffer.byteLength(rows[i]!.r!);
  const page = Buffer.allocUnsafe(size);
  let at = page.write(head, 0, 'utf8');
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      page[at++] = COMMA;
      page[at++] = SPACE;
    }
    at += page.write(rows[i]!.r!, at, 'utf8');
  }
  page[at++] = CLOSE_BRACKET;
  page[at++] = CLOSE_BRACE;
  // allocUnsafe's memory is not cleared: a page that did not fill it exactly must not go out.
  if (at !== size) throw new Error('The pull page was not written as measured');
  return page;
}
