import { readFileSync } from 'node:fs';
import pg from 'pg';
import { benchHub, seedHub } from './sync.bench';

/*
 * PostgreSQL's cost of serving a first sync's pages (issue 6, decisions 0163 and 0170), one way
 * of writing the page's query against another, alternated: `npx tsx bench/pull-query.ts`
 * (`PULL_QUERY_VARIANTS=aggregate,envelopeRow` runs only those). Seeds the first-sync benchmark's
 * hub history, then reads it page by page (10,000 rows, format 2) with each query on one
 * connection, timing the wall clock, the backend's CPU, system CPU and page faults (/proc), and
 * checks that every way gives the same text.
 */
const PAGE = 10_000;

/** The backend's CPU and system CPU in ms, and its minor page faults (memory touched afresh). */
const backend = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    cpu: (Number(fields[11]) + Number(fields[12])) * 10,
    sys: Number(fields[12]) * 10,
    faults: Number(fields[7]),
  };
};

const ROW = `json_build_array(version, table_name, row_id, CASE WHEN deleted THEN 'delete' ELSE 'upsert' END, hlc, fields)`;
const FEED = `SELECT version, table_name, row_id, deleted, fields, hlc FROM records
  WHERE org_id = $1 AND version > $2 ORDER BY version LIMIT $3`;

// As pull.ts since 0170: a text per row and the envelope on a row of its own, sorted last (its
// version is null), so PostgreSQL merges the two instead of sorting the page.
const ENVELOPE_ROW = `SELECT NULL AS epoch, NULL::bigint AS high_water, NULL::bigint AS roster_version, version, r
  FROM (SELECT version, ${ROW}::text AS r FROM records WHERE org_id = $1 AND version > $2 ORDER BY version LIMIT $3) AS feed
  UNION ALL
  SELECT (SELECT value FROM hub_meta WHERE key = 'epoch'), (SELECT last_seq FROM org_sequences WHERE org_id = $1),
    (SELECT roster_version FROM organizations WHERE id = $1), NULL, NULL
  ORDER BY version`;

type Variant = (client: pg.Client, orgId: string, after: number) => Promise<{ text: string; last: number }>;
const variants: Record<string, Variant> = {
  // As built from 0120 to 0170: one aggregate with its own ORDER BY.
  async aggregate(client, orgId, after) {
    const { rows } = await client.query<{ rows: string; last: string }>(
      `SELECT max(version) AS last, coalesce(json_agg(${ROW} ORDER BY version)::text, '[]') AS rows FROM (${FEED}) AS feed`,
      [orgId, after, PAGE],
    );
    return { text: rows[0]!.rows, last: Number(rows[0]!.last) };
  },
  // The same with the aggregate's sort in memory (PostgreSQL's default work_mem, 4 MB, spills a page to a temp file).
  async aggregateWorkMem(client, orgId, after) {
    await client.query(`SET work_mem = '64MB'`);
    try {
      return await variants.aggregate!(client, orgId, after);
    } finally {
      await client.query(`RESET work_mem`);
    }
  },
  // The same without the aggregate's ORDER BY (PostgreSQL 15 sorts its input again even when the feed is in order).
  async aggregatePresorted(client, orgId, after) {
    const { rows } = await client.query<{ rows: string; last: string }>(
      `SELECT max(version) AS last, coalesce(json_agg(${ROW})::text, '[]') AS rows FROM (${FEED}) AS feed`,
      [orgId, after, PAGE],
    );
    return { text: rows[0]!.rows, last: Number(rows[0]!.last) };
  },
  async envelopeRow(client, orgId, after) {
    const { rows } = await client.query<{ r: string | null; version: string | null }>(ENVELOPE_ROW, [
      orgId,
      after,
      PAGE,
    ]);
    let text = '[';
    for (let i = 0; i < rows.length - 1; i++) text += (i === 0 ? '' : ', ') + rows[i]!.r;
    return { text: text + ']', last: Number(rows.at(-2)!.version) };
  },
  // One text per row in the feed's order; the hub joins them.
  async rowTexts(client, orgId, after) {
    const { rows } = await client.query<{ r: string; version: string }>(
      `SELECT version, ${ROW}::text AS r FROM (${FEED}) AS feed ORDER BY version`,
      [orgId, after, PAGE],
    );
    return { text: `[${rows.map((row) => row.r).join(', ')}]`, last: Number(rows.at(-1)!.version) };
  },
  // Measured for 0163: the page's envelope from uncorrelated subqueries (computed once,
  // repeated on each row), one text per row, in feed order.
  async rowTextsWithEnvelope(client, orgId, after) {
    const { rows } = await client.query<{ r: string; version: string; epoch: string }>(
      `SELECT (SELECT value FROM hub_meta WHERE key = 'epoch') AS epoch,
         (SELECT last_seq FROM org_sequences WHERE org_id = $1) AS high_water,
         (SELECT roster_version FROM organizations WHERE id = $1) AS roster_version,
         version, ${ROW}::text AS r FROM (${FEED}) AS feed ORDER BY version`,
      [orgId, after, PAGE],
    );
    let text = '[';
    for (let i = 0; i < rows.length; i++) text += (i === 0 ? '' : ',') + rows[i]!.r;
    return { text: text + ']', last: Number(rows.at(-1)!.version) };
  },
};

// PULL_QUERY_VARIANTS=aggregate,rowTexts runs only those, in that order of the table above.
const only = process.env.PULL_QUERY_VARIANTS?.split(',');

const hub = await benchHub();
try {
  const total = await seedHub(hub);
  const client = new pg.Client({
    connectionString: hub.databaseUrl,
  });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  const texts = new Map<string, string[]>();
  for (let round = 0; round < 3; round++)
    for (const [name, variant] of Object.entries(variants).filter(([n]) => !only || only.includes(n))) {
      const before = backend(pid);
      const ours = process.cpuUsage();
      const started = performance.now();
      const pages: string[] = [];
      let after = 0;
      while (after < total) {
        const page = await variant(client, hub.orgId, after);
        pages.push(page.text);
        after = page.last;
      }
      const wall = performance.now() - started;
      const js = process.cpuUsage(ours);
      const now = backend(pid);
      console.log(
        `${name}: ${pages.length} pages, wall ${wall.toFixed(0)} ms, PostgreSQL CPU ${now.cpu - before.cpu} ms ` +
          `(system ${now.sys - before.sys} ms, ${now.faults - before.faults} page faults), ` +
          `hub (this process) CPU ${((js.user + js.system) / 1000).toFixed(0)} ms, ` +
          `${(pages.reduce((n, p) => n + p.length, 0) / 1e6).toFixed(1)} MB; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
      );
      if (round === 0) texts.set(name, pages);
    }
  // The same rows in the same order from every variant (spacing aside).
  const canonical = (pages: string[]) => pages.map((p) => JSON.stringify(JSON.parse(p)));
  const [first, ...rest] = [...texts.values()].map(canonical);
  for (const other of rest) if (other.join() !== first!.join()) throw new Error('variants differ');
  console.log('every variant gave the same rows');
  // Where each way's time goes: the aggregate's sort and its temp file, the merge of the envelope row.
  for (const query of [
    `SELECT max(version) AS last, coalesce(json_agg(${ROW} ORDER BY version)::text, '[]') AS rows FROM (${FEED}) AS feed`,
    ENVELOPE_ROW,
  ]) {
    const plan = await client.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, [
      hub.orgId,
      0,
      PAGE,
    ]);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  await client.end();
} finally {
  await hub.close();
}
process.exit(0);
