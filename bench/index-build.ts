import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { deferIndexes, deferredIndexBuilds, CLEAR_DEFERRED_INDEXES } from '../src-main/store/deferred-indexes';
import { Store } from '../src-main/store/store';
import { SyncEngine } from '../src-main/sync/engine';
import { PageWriter } from '../src-main/sync/page-writer';

/*
 * What the end of a first sync costs, index by index (issue 6, decisions 0146, 0164): `npx tsx
 * bench/index-build.ts [variant…]` runs the first-sync benchmark once (SYNC_BENCH_SCALE as there),
 * keeps a copy of the encrypted store it made, drops the deferred indexes in that copy as a
 * first sync does (and VACUUMs it, so no freed page is reused), then builds them again under
 * each variant's settings on a fresh copy, statement by statement: the CREATE INDEX and its
 * COMMIT timed apart, wall clock and CPU (this thread's, and any other thread's of the process,
 * which is where SQLite's sorter threads would show), then the checkpoint that copies the build
 * back (what `endBulkLoad` waits for). Variants run in turns, `ROUNDS` times (default 2). A probe:
 * nothing in src- changes; the store is the benchmark's synthetic clinic, deleted at the end
 * (`threads2File` and `file` sort in temporary files, plaintext: never on a real store).
 * It first prints the benchmark's own build on the page writer, transaction by transaction (wall,
 * CPU of each thread, pages the worker threads read); `TRACE_ONLY=1` stops there.
 * `BUILD_PRAGMAS='cache_size = -393216;…'` runs pragmas before each of the writer's builds, and
 * `WRITER_CACHE_KIB=…` gives the writer another page cache for its whole life.
 */
interface Variant {
  cacheKiB: number;
  threads: number;
  tempStore: 'MEMORY' | 'FILE';
  /** Reads the tables' pages first, as the page writer's cache holds most of them. */
  warm: boolean;
  /** All builds in one transaction instead of one each. */
  together: boolean;
  order: 'noted' | 'largest-first' | 'largest-last';
}
const BASE: Variant = {
  cacheKiB: 128 * 1024,
  threads: 0,
  tempStore: 'MEMORY',
  warm: true,
  together: false,
  order: 'noted',
};
const VARIANTS: Record<string, Partial<Variant>> = {
  base: {},
  cold: { warm: false },
  threads2: { threads: 2 },
  cache512: { cacheKiB: 512 * 1024 },
  together: { together: true },
  largestFirst: { order: 'largest-first' },
  largestLast: { order: 'largest-last' },
  // Not a candidate (plaintext sort runs in temp files): what SQLite's sorter threads would buy.
  threads2File: { threads: 2, tempStore: 'FILE' },
  file: { tempStore: 'FILE' },
};
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['base', 'threads2', 'cache512'];
const ROUNDS = Number(process.env.ROUNDS ?? 2);

let file: { path: string; key: Buffer | null } | null = null;
// eslint-disable-next-line @typescript-eslint/unbound-method
const startWorker = Store.prototype.startWorker;
Store.prototype.startWorker = function (this: Store, body: string) {
  file ??= (this as unknown as { file: typeof file }).file;
  // WRITER_CACHE_KIB=…: the page writer's page cache for its whole life, instead of the app's.
  const cache = process.env.WRITER_CACHE_KIB;
  return startWorker.call(this, cache ? body.replace(/cache_size = -\d+/, `cache_size = -${cache}`) : body);
};
const dir = mkdtempSync(join(tmpdir(), 'caredesk-index-build-'));
let tables: string[] = [];
// eslint-disable-next-line @typescript-eslint/unbound-method
const syncNow = SyncEngine.prototype.syncNow;
SyncEngine.prototype.syncNow = async function (this: SyncEngine) {
  const status = await syncNow.call(this);
  // Checkpoints the pull asked for and did not wait for: the first sync's work all the same.
  const unsettled = performance.now();
  await (this as unknown as { store: Store }).store.settled();
  traced.push(`  checkpoints still running when the sync returned: ${(performance.now() - unsettled).toFixed(0)} ms`);
  tables = (this as unknown as { appliers: { tables(): string[] } }).appliers.tables();
  // The pull has ended (indexes built, the bulk load's checkpoint flushed): nothing writes now.
  copyFileSync(file!.path, join(dir, 'synced.db'));
  if (existsSync(`${file!.path}-wal`)) copyFileSync(`${file!.path}-wal`, join(dir, 'synced.db-wal'));
  return status;
};

function open(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  if (file!.key) {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    db.pragma(`key="x'${file!.key.toString('hex')}'"`);
  }
  return db;
}

/** CPU of this process's threads (ms), by thread id, from /proc. */
function threadCpu(): Map<number, number> {
  const found = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      found.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the thread ended
    }
  }
  return found;
}
function measure<T>(work: () => T): { value: T; ms: number; mainCpu: number; otherCpu: number } {
  const before = threadCpu();
  const started = performance.now();
  const value = work();
  const ms = performance.now() - started;
  let mainCpu = 0;
  let otherCpu = 0;
  for (const [tid, cpu] of threadCpu()) {
    const used = cpu - (before.get(tid) ?? 0);
    if (tid === process.pid) mainCpu += used;
    else otherCpu += used;
  }
  return { value, ms, mainCpu, otherCpu };
}

// The benchmark's own build, on the page writer, one `run` per transaction: wall clock and the
// CPU of each thread of the process meanwhile (the writer's is the largest; the checkpointer's next).
const traced: string[] = [];
const cpuLine = (before: Map<number, number>) => {
  const used = [...threadCpu()]
    .map(([tid, ms]) => ({ tid, ms: ms - (before.get(tid) ?? 0), main: tid === process.pid }))
    .filter((u) => u.ms > 0)
    .sort((a, b) => b.ms - a.ms);
  return used.map((u) => `${u.main ? 'main ' : ''}${u.ms}`).join(' / ');
};
function rchar(): number {
  let sum = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    if (Number(tid) === process.pid) continue;
    try {
      sum += Number(/^rchar: (\d+)/m.exec(readFileSync(`/proc/self/task/${tid}/io`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the thread ended
    }
  }
  return sum;
}
let lastWrite = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method
const apply = PageWriter.prototype.apply;
PageWriter.prototype.apply = async function (this: PageWriter, ...args: Parameters<PageWriter['apply']>) {
  const outcome = await apply.apply(this, args);
  lastWrite = performance.now();
  return outcome;
};
// eslint-disable-next-line @typescript-eslint/unbound-method
const runOn = PageWriter.prototype.run;
PageWriter.prototype.run = async function (this: PageWriter, statements: string[]) {
  const before = threadCpu();
  const readBefore = rchar();
  const started = performance.now();
  // BUILD_PRAGMAS='cache_size = -393216;…': settings tried on the writer's connection for its build.
  const pragmas = (process.env.BUILD_PRAGMAS ?? '').split(';').filter(Boolean);
  const outcome = await runOn.call(this, [...pragmas.map((p) => `PRAGMA ${p}`), ...statements]);
  const name = statements.map((s) => /INDEX\s+[`"]?(\w+)/i.exec(s)?.[1] ?? 'clear').join('+');
  traced.push(
    `  ${name}: ${(performance.now() - started).toFixed(0)} ms, CPU ms by thread ${cpuLine(before)}, ` +
      `workers read ${((rchar() - readBefore) / 4096).toFixed(0)} pages`,
  );
  return outcome;
};
// eslint-disable-next-line @typescript-eslint/unbound-method
const endBulkLoad = Store.prototype.endBulkLoad;
Store.prototype.endBulkLoad = async function (this: Store) {
  const before = threadCpu();
  const started = performance.now();
  await endBulkLoad.call(this);
  if (lastWrite > 0)
    traced.push(
      `  end of bulk load (checkpoint): ${(performance.now() - started).toFixed(0)} ms, CPU ms by thread ${cpuLine(before)}; ` +
        `tail after the last page's write ${(performance.now() - lastWrite).toFixed(0)} ms`,
    );
};

const { benchmarks } = await import('./sync.bench');
const rate = await benchmarks.find((b) => b.name === 'sync.first_sync_rows_per_s')!.run();
console.log(`first sync: ${rate.toFixed(0)} rows/s; load ${loadavg()[0]!.toFixed(1)}`);
for (const line of traced) console.log(line);
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
if (process.env.TRACE_ONLY) {
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// The store as a first sync leaves it just before the build: the indexes dropped and noted.
const dropped = join(dir, 'dropped.db');
{
  copyFileSync(join(dir, 'synced.db'), dropped);
  if (existsSync(join(dir, 'synced.db-wal'))) copyFileSync(join(dir, 'synced.db-wal'), `${dropped}-wal`);
  const db = open(dropped);
  db.transaction(() => deferIndexes(db, tables))();
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const sizes = db
    .prepare<[], { name: string; pages: number }>(
      `SELECT name, count(*) AS pages FROM dbstat GROUP BY name ORDER BY pages DESC LIMIT 6`,
    )
    .all();
  console.log(`dropped store: ${sizes.map((s) => `${s.name} ${s.pages}`).join(', ')} pages`);
  db.close();
}

const rowsOf = (db: Database.Database, sql: string) => {
  const table = /\bON\s+[`"]?(\w+)/i.exec(sql)![1]!;
  return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
};

function run(name: string): void {
  const v: Variant = { ...BASE, ...VARIANTS[name] };
  const path = join(dir, `${name}.db`);
  copyFileSync(dropped, path);
  const db = open(path);
  db.pragma('synchronous = FULL');
  db.pragma(`cache_size = -${v.cacheKiB}`);
  db.pragma(`temp_store = ${v.tempStore}`);
  db.pragma(`threads = ${v.threads}`);
  db.pragma('secure_delete = ON');
  db.pragma('wal_autocheckpoint = 10000');
  const warm = v.warm
    ? measure(() => {
        for (const t of ['patients', 'appointments']) db.prepare(`SELECT count(*) FROM "${t}" NOT INDEXED`).get();
      })
    : null;
  let builds = deferredIndexBuilds(db).map((sql) => ({ sql, rows: rowsOf(db, sql) }));
  if (v.order !== 'noted')
    builds = builds.sort((a, b) => (v.order === 'largest-first' ? b.rows - a.rows : a.rows - b.rows));
  const lines: string[] = [];
  let total = { ms: 0, mainCpu: 0, otherCpu: 0 };
  const add = (m: { ms: number; mainCpu: number; otherCpu: number }) => {
    total = { ms: total.ms + m.ms, mainCpu: total.mainCpu + m.mainCpu, otherCpu: total.otherCpu + m.otherCpu };
  };
  const f = (m: { ms: number; mainCpu: number; otherCpu: number }) =>
    `${m.ms.toFixed(0)} ms (CPU ${m.mainCpu.toFixed(0)}${m.otherCpu ? ` + ${m.otherCpu.toFixed(0)} other` : ''})`;
  if (v.together) db.exec('BEGIN IMMEDIATE');
  builds.forEach(({ sql }, i) => {
    const last = i === builds.length - 1;
    if (!v.together) db.exec('BEGIN IMMEDIATE');
    const create = measure(() => db.exec(sql));
    if (last) db.exec(CLEAR_DEFERRED_INDEXES);
    add(create);
    const name = /INDEX\s+[`"]?(\w+)/i.exec(sql)![1];
    if (!v.together) {
      const commit = measure(() => db.exec('COMMIT'));
      add(commit);
      lines.push(`    ${name}: create ${f(create)}, commit ${f(commit)}`);
    } else lines.push(`    ${name}: create ${f(create)}`);
  });
  if (v.together) {
    const commit = measure(() => db.exec('COMMIT'));
    add(commit);
    lines.push(`    commit ${f(commit)}`);
  }
  const checkpoint = measure(() => db.pragma('wal_checkpoint(TRUNCATE)'));
  console.log(
    `${name} (load ${loadavg()[0]!.toFixed(1)}): builds ${f(total)}, checkpoint ${f(checkpoint)}` +
      (warm ? `; warming ${f(warm)}` : ''),
  );
  for (const line of lines) console.log(line);
  db.close();
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
}

try {
  for (let round = 0; round < ROUNDS; round++) for (const name of chosen) run(name);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
