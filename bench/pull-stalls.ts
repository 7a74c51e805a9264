import pg from 'pg';
import { HubClient } from '../src-main/sync/hub-client';
import { SyncEngine } from '../src-main/sync/engine';
import { PageWriter, type PageOutcome } from '../src-main/sync/page-writer';

/*
 * Where a first sync's pipeline waits (issue 6, decision 0163): `npx tsx bench/pull-stalls.ts`
 * (through `npm run bench`'s Node 22: `npx tsx`, never node_modules/.bin directly) runs the
 * first-sync benchmark with the engine's pull steps timed, and prints per page when it was
 * asked for, when its bytes were in, how long its JSON.parse, check and plan took, when it went
 * to the page writer and came back, how long the writer sat idle before it, and PostgreSQL's
 * time for the hub's page query. A probe: it patches the classes at run time, nothing in src-.
 */
const t0 = performance.now();
const now = () => performance.now() - t0;

interface PageTrace {
  after: number;
  asked: number;
  bodyIn?: number;
  parseMs?: number;
  parsed?: number;
  planMs?: number;
  posted?: number;
  done?: number;
  rows?: number;
}
const pages = new Map<number, PageTrace>();
const traceOf = new WeakMap<object, PageTrace>();
const writes: Array<{ posted: number; done: number; pages: number; rows: number; outcome: PageOutcome }> = [];
const pgPulls: Array<{ start: number; ms: number }> = [];
const pgOther: Array<{ start: number; ms: number }> = [];

// The body's bytes and its parse, timed apart (what Response.json does, in two steps).
// eslint-disable-next-line @typescript-eslint/unbound-method
const text = Response.prototype.text;
Response.prototype.json = async function (this: Response) {
  const body = await text.call(this);
  const arrived = now();
  const started = performance.now();
  const json: unknown = JSON.parse(body);
  const ms = performance.now() - started;
  lastBody = { arrived, ms };
  return json;
};
let lastBody: { arrived: number; ms: number } | null = null;

// eslint-disable-next-line @typescript-eslint/unbound-method
const pull = HubClient.prototype.pull;
HubClient.prototype.pull = function (this: HubClient, token: string, after: number, limit: number) {
  const trace: PageTrace = { after, asked: now() };
  pages.set(after, trace);
  return pull.call(this, token, after, limit).then((page) => {
    trace.parsed = now();
    trace.bodyIn = lastBody?.arrived;
    trace.parseMs = lastBody?.ms;
    trace.rows = page.rows.length;
    traceOf.set(page, trace);
    return page;
  });
};

type EnginePrivates = {
  planPage(page: { cursor: number; rows: unknown[] }, ...rest: unknown[]): unknown;
};
const engine = SyncEngine.prototype as unknown as EnginePrivates;
// eslint-disable-next-line @typescript-eslint/unbound-method
const planPage = engine.planPage;
// Every argument passed on: the first page's carries a first sync's index drop (decision 0163).
engine.planPage = function (this: unknown, page, ...rest) {
  const started = performance.now();
  const plan = planPage.call(this, page, ...rest);
  const trace = traceOf.get(page);
  if (trace) trace.planMs = performance.now() - started;
  return plan;
};

// eslint-disable-next-line @typescript-eslint/unbound-method
const apply = PageWriter.prototype.apply;
PageWriter.prototype.apply = function (this: PageWriter, plans, cursor) {
  const posted = now();
  const rows = plans.reduce((n, p) => n + p.rowRuns.length, 0);
  return apply.call(this, plans, cursor).then((outcome) => {
    writes.push({ posted, done: now(), pages: plans.length, rows, outcome });
    return outcome;
  });
};

// PostgreSQL's time per statement as the hub's pool sees it (request sent to rows in).
for (const proto of [pg.Pool.prototype, pg.Client.prototype] as unknown as Array<{
  query: (...args: unknown[]) => unknown;
}>) {
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const sqlText = typeof first === 'string' ? first : (first?.text ?? '');
    const result = query.apply(this, args);
    if (proto === pg.Pool.prototype && result instanceof Promise) {
      const start = now();
      void result.then(
        () => (sqlText.includes('json_agg') ? pgPulls : pgOther).push({ start, ms: now() - start }),
        () => undefined,
      );
    }
    return result;
  };
}

// eslint-disable-next-line @typescript-eslint/unbound-method
const run = PageWriter.prototype.run;
const builds: Array<{ posted: number; done: number }> = [];
PageWriter.prototype.run = function (this: PageWriter, statements) {
  const posted = now();
  return run.call(this, statements).then((outcome) => {
    builds.push({ posted, done: now() });
    return outcome;
  });
};
const syncs: Array<{ start: number; end: number }> = [];
// eslint-disable-next-line @typescript-eslint/unbound-method
const syncNow = SyncEngine.prototype.syncNow;
SyncEngine.prototype.syncNow = function (this: SyncEngine) {
  const start = now();
  return syncNow.call(this).then((status) => {
    syncs.push({ start, end: now() });
    return status;
  });
};

const { benchmarks } = await import('./sync.bench');
const first = benchmarks.find((b) => b.name === 'sync.first_sync_rows_per_s')!;
const rate = await first.run();

const f = (n: number | undefined) => (n === undefined ? '-' : n.toFixed(0));
console.log(`rows/s ${rate.toFixed(0)}`);
console.log('after\tasked\tbodyIn\tparse\tparsed\tplan\trows');
const list = [...pages.values()].sort((a, b) => a.asked - b.asked);
for (const p of list)
  console.log([p.after, f(p.asked), f(p.bodyIn), f(p.parseMs), f(p.parsed), f(p.planMs), p.rows].join('\t'));
console.log('write posted\tdone\tms\tidle before\tpages\trows\toutcome');
let idle = 0;
let prev: number | null = null;
for (const w of writes) {
  const gap = prev === null ? 0 : w.posted - prev;
  idle += gap;
  console.log([f(w.posted), f(w.done), f(w.done - w.posted), f(gap), w.pages, w.rows, w.outcome].join('\t'));
  prev = w.done;
}
const busy = writes.reduce((s, w) => s + (w.done - w.posted), 0);
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
console.log(
  `writer: ${writes.length} writes, busy ${f(busy)} ms, idle between writes ${f(idle)} ms; ` +
    `first post ${f(writes[0]?.posted)} last done ${f(writes.at(-1)?.done)}`,
);
console.log(
  `pages: ${list.length}, fetch (asked→parsed) mean ${f(sum(list.map((p) => (p.parsed ?? 0) - p.asked)) / list.length)} ms, ` +
    `parse total ${f(sum(list.map((p) => p.parseMs ?? 0)))} ms, plan total ${f(sum(list.map((p) => p.planMs ?? 0)))} ms`,
);
console.log(
  `PostgreSQL page queries: ${pgPulls.length}, total ${f(sum(pgPulls.map((q) => q.ms)))} ms, ` +
    `mean ${f(sum(pgPulls.map((q) => q.ms)) / Math.max(1, pgPulls.length))} ms; other queries ${pgOther.length}, ${f(sum(pgOther.map((q) => q.ms)))} ms`,
);
for (const b of builds) console.log(`index build ${f(b.posted)} → ${f(b.done)} (${f(b.done - b.posted)} ms)`);
for (const x of syncs) console.log(`syncNow ${f(x.start)} → ${f(x.end)} (${f(x.end - x.start)} ms)`);
console.log(`end ${f(now())}`);
