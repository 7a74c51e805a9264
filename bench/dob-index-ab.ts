import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { displayDate } from '../src-shared/dates';
import { startCareDesk, type CareDesk } from '../src-main/services';
import { seedPatients } from '../src-main/patients/seed';
import { SyntheticPatients } from '../src-main/patients/synthetic';
import { insertPatient } from '../src-main/patients/table';
import { MINIMUM_SCRYPT_COST } from '../src-shared/session/verifier';
import { addUser, TEST_ORIGIN } from '../tests/support/store';
import { percentile } from './benchmark';
import { INTAKE_FORMS, intakeSaves, nearCopies, samplePatients } from './patients.bench';

/*
 * The date-of-birth index of a duplicate check, two shapes on the same clinic (decision 0040):
 * `wide` (date, name keys, names, merged_into: the same-date block scored from the index) and
 * `narrow` (date and name keys: the block's names read from the rows). One store of N patients
 * (seeded once into DIR and kept, so rounds compare like with like), the index rebuilt in each
 * shape in turn, then the patients bench's duplicate check, intake save (through the router,
 * the check inside it) and date-of-birth search, wall p95 and CPU. A probe, not a benchmark:
 * `npx tsx bench/dob-index-ab.ts DIR [N] [rounds]`.
 */
const [dir = '/tmp/caredesk-dob-ab', n = '1000000', roundsArg = '2'] = process.argv.slice(2);
const N = Number(n);

const SHAPES = {
  wide: 'date_of_birth, last_name_key, first_name_key, last_name, first_name, preferred_name, merged_into',
  narrow: 'date_of_birth, last_name_key, first_name_key',
} as const;

function open(): CareDesk {
  const keyFile = join(dir, 'key.hex');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex'), { flag: 'wx' });
  const key = Buffer.from(readFileSync(keyFile, 'utf8'), 'hex');
  const app = startCareDesk({
    dataDir: dir,
    key,
    scryptCost: MINIMUM_SCRYPT_COST,
    bootstrapAdmin: '',
    trustedOrigins: [TEST_ORIGIN],
  });
  app.session.openFor(addUser(app, 'coordinator', `ab.${Date.now()}`).username);
  return app;
}

const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return Math.round((u.user + u.system) / 1000);
};

function plans(app: CareDesk) {
  const explain = (q: string, ...args: unknown[]) =>
    (app.store.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
  return {
    sameDate: explain(
      `SELECT rowid, first_name, last_name, preferred_name, date_of_birth FROM patients
       WHERE date_of_birth IN (SELECT value FROM json_each(?)) AND merged_into IS NULL LIMIT 1500`,
      '["1980-01-02"]',
    ),
    nameKeys: explain(
      `SELECT rowid FROM patients WHERE last_name_key = ? AND first_name_key = ? AND date_of_birth IN (SELECT value FROM json_each(?))`,
      'SM0',
      'JN',
      '["1980-01-02"]',
    ),
    searchByDob: explain(
      `SELECT * FROM patients WHERE date_of_birth = ? AND +merged_into IS NULL LIMIT 1000`,
      '1980-01-02',
    ),
  };
}

/**
 * WAL frames of one commit of 1,000 new patients (checkpoints held), and how many are pages of
 * the index. The index was just built, its leaves packed full, so nearly every entry splits one:
 * both shapes alike, and more pages than a store grown by inserts would dirty.
 */
function commitFrames(app: CareDesk, seed: number) {
  const { sqlite } = app.store;
  const wal = join(dir, 'caredesk.db-wal');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.pragma('wal_autocheckpoint = 0');
  const source = new SyntheticPatients(seed);
  app.store.write((tx) => {
    for (let i = 0; i < 1000;)
      for (const p of source.household()) if (i++ < 1000) insertPatient(app.store, tx, p, { userId: 'ab' });
  });
  const pages: number[] = [];
  const fd = openSync(wal, 'r');
  const header = Buffer.alloc(4);
  for (let off = 32; off + 4120 <= statSync(wal).size; off += 4120) {
    readSync(fd, header, 0, 4, off);
    pages.push(header.readUInt32BE(0));
  }
  closeSync(fd);
  const index = new Set(
    (
      sqlite.prepare(`SELECT pageno FROM dbstat WHERE name = 'patients_dob_keys_names'`).all() as Array<{
        pageno: number;
      }>
    ).map((r) => r.pageno),
  );
  sqlite.pragma('wal_autocheckpoint = 10000');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { commitFrames: pages.length, indexFrames: pages.filter((p) => index.has(p)).length };
}

/** Households no earlier run saved here: a form saved before would be its own likely duplicate. */
let fresh = 0;

async function round(app: CareDesk, shape: keyof typeof SHAPES) {
  const t0 = performance.now();
  app.store.sqlite.exec(`DROP INDEX IF EXISTS patients_dob_keys_names`);
  app.store.sqlite.exec(`CREATE INDEX patients_dob_keys_names ON patients (${SHAPES[shape]})`);
  app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const build = Math.round(performance.now() - t0);
  const pages = (
    app.store.sqlite.prepare(`SELECT count(*) AS n FROM dbstat WHERE name = 'patients_dob_keys_names'`).get() as {
      n: number;
    }
  ).n;

  const frames = commitFrames(app, fresh++);
  const stored = samplePatients(app.store.db, N, 200);
  const probes = nearCopies(app, stored);
  let cpu = process.cpuUsage();
  const dup: number[] = [];
  for (const intake of probes) {
    const s = performance.now();
    app.patients.duplicates(intake);
    dup.push(performance.now() - s);
  }
  const dupCpu = cpuMs(cpu);

  cpu = process.cpuUsage();
  const dob: number[] = [];
  for (let k = 0; k < 3; k++)
    for (const p of stored.slice(0, 100)) {
      const s = performance.now();
      app.patients.search(displayDate(p.dateOfBirth), 20);
      dob.push(performance.now() - s);
    }
  const dobCpu = cpuMs(cpu);

  cpu = process.cpuUsage();
  const save = await intakeSaves(app, fresh++);
  const saveCpu = cpuMs(cpu);
  const f = (x: number) => Number(x.toFixed(2));
  return {
    shape,
    pages,
    buildMs: build,
    ...frames,
    dupP50: f(percentile(dup.slice(20), 50)),
    dupP95: f(percentile(dup.slice(20), 95)),
    dupCpuMsPer: f(dupCpu / dup.length),
    dobSearchP95: f(percentile(dob.slice(100), 95)),
    dobCpuMsPer: f(dobCpu / dob.length),
    saveP50: f(percentile(save.slice(30), 50)),
    saveP95: f(percentile(save.slice(30), 95)),
    saveCpuMsPer: f(saveCpu / INTAKE_FORMS),
    saves: save.length,
  };
}

const app = open();
const count = (app.store.sqlite.prepare('SELECT count(*) AS n FROM patients').get() as { n: number }).n;
fresh = 1_000_000 + count;
if (count === 0) {
  const s = performance.now();
  seedPatients(app.store, N, 42);
  console.log(`seeded ${N} in ${Math.round((performance.now() - s) / 1000)} s`);
}
// Reopened, a store reads every page in the background (decision 0324): a checkpoint cannot
// start the WAL over while that reader holds its snapshot, and it competes for the cores.
await app.health.checked;
console.log(`load ${loadavg()[0]!.toFixed(2)}`);
for (let r = 0; r < Number(roundsArg); r++) {
  const order: Array<keyof typeof SHAPES> = r % 2 === 0 ? ['wide', 'narrow'] : ['narrow', 'wide'];
  for (const shape of order) {
    const result = await round(app, shape);
    console.log(JSON.stringify(result), `load ${loadavg()[0]!.toFixed(2)}`);
    if (r === 0) console.log(JSON.stringify(plans(app)));
  }
}
// Leave the store as the migrations made it.
app.store.sqlite.exec(`DROP INDEX IF EXISTS patients_dob_keys_names`);
app.store.sqlite.exec(`CREATE INDEX patients_dob_keys_names ON patients (${SHAPES.wide})`);
app.close();
