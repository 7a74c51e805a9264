import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { PagePlan } from '../src-main/sync/appliers';
import { SyncEngine } from '../src-main/sync/engine';
import { PageWriter } from '../src-main/sync/page-writer';

/*
 * What the patients' name index (FTS5 `patients_fts`) costs a first sync (issue 6, decision
 * 0168): `npx tsx bench/name-index-probe.ts` runs the first-sync benchmark and prints the
 * page writer's busy time, the bytes this process wrote (WAL and checkpoints, from
 * /proc/self/io) and the pages the index holds at the end. `NAME_INDEX_PROBE=off` leaves
 * every name-index write out of the pages (a probe only: search would not find the
 * patients), so the two runs say what the index costs the writer. Patches classes at run
 * time, nothing in src-.
 */
const mode = process.env.NAME_INDEX_PROBE ?? 'on';
const off = mode === 'off' || mode === 'end';
const t0 = performance.now();
const now = () => performance.now() - t0;

if (off) {
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const add = PagePlan.prototype.add;
  PagePlan.prototype.add = function (this: PagePlan, text: string, values: readonly unknown[]) {
    if (text.startsWith('INSERT INTO patients_fts')) return;
    add.call(this, text, values);
  };
}

const writeBytes = () => Number(/write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);

let busy = 0;
let writes = 0;
// eslint-disable-next-line @typescript-eslint/unbound-method
const apply = PageWriter.prototype.apply;
PageWriter.prototype.apply = function (this: PageWriter, plans, cursor) {
  const posted = now();
  return apply.call(this, plans, cursor).then((outcome) => {
    busy += now() - posted;
    writes++;
    return outcome;
  });
};
const runs: Array<{ ms: number; statements: string }> = [];
// eslint-disable-next-line @typescript-eslint/unbound-method
const run = PageWriter.prototype.run;
PageWriter.prototype.run = function (this: PageWriter, statements) {
  const posted = now();
  return run.call(this, statements).then((outcome) => {
    runs.push({ ms: now() - posted, statements: statements.join('; ').slice(0, 70) });
    return outcome;
  });
};

type EnginePrivates = {
  pullAll(): Promise<void>;
  buildIndexesOn(writer: PageWriter): Promise<void>;
  store: { sqlite: Database.Database };
};
const engine = SyncEngine.prototype as unknown as EnginePrivates;
if (mode === 'end') {
  // The index written once at the end, on the writer, before the deferred b-tree indexes: the
  // benchmark's names are ASCII letters, so SQL's lower() folds them as indexedName does.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const buildIndexesOn = engine.buildIndexesOn;
  engine.buildIndexesOn = async function (this: EnginePrivates, writer: PageWriter) {
    await writer.run([
      `INSERT INTO patients_fts (rowid, patient_id, name)
       SELECT rowid, id, lower(concat_ws(' ', nullif(first_name, ''), nullif(preferred_name, ''), nullif(middle_name, ''), nullif(last_name, '')))
       FROM patients WHERE merged_into IS NULL`,
    ]);
    return buildIndexesOn.call(this, writer);
  };
}
// eslint-disable-next-line @typescript-eslint/unbound-method
const pullAll = engine.pullAll;
let bytesBefore = 0;
let pullMs = 0;
const sizes: string[] = [];
engine.pullAll = async function (this: EnginePrivates) {
  bytesBefore = writeBytes();
  const started = now();
  await pullAll.call(this);
  pullMs = now() - started;
  try {
    const pages = this.store.sqlite
      .prepare(
        `SELECT name, count(*) AS pages FROM dbstat WHERE name LIKE 'patients_fts%' OR name IN ('patients', 'appointments')
         GROUP BY name ORDER BY name`,
      )
      .all() as Array<{ name: string; pages: number }>;
    for (const p of pages) sizes.push(`${p.name} ${p.pages}`);
  } catch (error) {
    sizes.push(`dbstat: ${(error as Error).message}`);
  }
};

const { benchmarks } = await import('./sync.bench');
const first = benchmarks.find((b) => b.name === 'sync.first_sync_rows_per_s')!;
const rate = await first.run();
console.log(`name index ${mode}: rows/s ${rate.toFixed(0)}, pull ${(pullMs / 1000).toFixed(1)} s`);
console.log(
  `writer: ${writes} writes busy ${(busy / 1000).toFixed(1)} s; process wrote ${((writeBytes() - bytesBefore) / 2 ** 20).toFixed(0)} MiB`,
);
for (const r of runs) console.log(`  run ${r.ms.toFixed(0)} ms: ${r.statements}`);
console.log(`pages: ${sizes.join(', ')}`);
