import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../src-main/store/store';
import { patientNameIndex } from '../src-main/patients/name-index';
import { openEncrypted, openPlain, writeBulk } from './bulk-insert';
import { framePages } from './wal-frames';

/*
 * The store bench's workload (20,000 patients, 1,000 a transaction, the name index caught up,
 * then wal_checkpoint(TRUNCATE)) over other shapes of the patients' b-trees, changed on the new
 * store before the clock starts (decision 0342). Per round: WAL frames written (what the commits
 * and the catch-up encrypt), distinct pages among them (what the checkpoint decrypts and encrypts
 * again), process CPU and wall, encrypted and plain; shapes alternated, their order reversed every
 * other round. A probe, not a benchmark:
 * `flock /tmp/bench.lock npx tsx bench/insert-shapes.ts [rounds] [shape,shape,…]`.
 *
 * Shapes: `base` (as migrated); `dob-after` (the date-of-birth index dropped, built once after the
 * catch-up: the most deferring it could save); `dob-side` (the index as a table of its own, filled
 * after the writes in chunks of 5,000 sorted by date, as a catch-up would); `phones-without-rowid`
 * (`patient_phones` clustered on its id); `phones-by-number` (clustered on number and id, the id
 * unique); `no-patients-phone` (without `patients_phone`).
 */
const CHUNK = 5_000;

const DOB_SIDE = `CREATE TABLE patients_dob (date_of_birth text NOT NULL, patient_rowid integer NOT NULL,
  last_name_key text, first_name_key text, last_name text NOT NULL, first_name text NOT NULL, preferred_name text,
  merged_into text, PRIMARY KEY (date_of_birth, patient_rowid)) WITHOUT ROWID`;
const DOB_SIDE_FILL = `INSERT INTO patients_dob SELECT date_of_birth, rowid, last_name_key, first_name_key, last_name,
  first_name, preferred_name, merged_into FROM (SELECT rowid, * FROM patients WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK})
  ORDER BY date_of_birth, rowid`;
const PHONE_COLUMNS = `patient_id text NOT NULL REFERENCES patients(id), slot integer NOT NULL, number text NOT NULL,
  type text NOT NULL, text_ok integer NOT NULL, voicemail_ok integer NOT NULL`;
const phonesAs = (table: string) =>
  `CREATE TABLE patient_phones_new (${table}) WITHOUT ROWID; DROP TABLE patient_phones;
   ALTER TABLE patient_phones_new RENAME TO patient_phones;`;

/** `after` gets the date-of-birth index's statement as the migrations made it, for a shape that rebuilds it. */
const SHAPES: Record<string, { before?: string; after?: (store: Store, dobIndexSql: string) => void }> = {
  base: {},
  'dob-after': {
    before: 'DROP INDEX patients_dob_keys_names',
    after: (store, dobIndexSql) => store.write(() => store.sqlite.exec(dobIndexSql)),
  },
  'dob-side': {
    before: `DROP INDEX patients_dob_keys_names; ${DOB_SIDE}`,
    after: (store) =>
      store.write(() => {
        const fill = store.sqlite.prepare<[number]>(DOB_SIDE_FILL);
        const last = store.sqlite.prepare<[number], { m: number | null }>(
          `SELECT max(rowid) AS m FROM (SELECT rowid FROM patients WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK})`,
        );
        for (let from = 0; ;) {
          const to = last.get(from)!.m;
          if (to === null) break;
          fill.run(from);
          from = to;
        }
      }),
  },
  'phones-without-rowid': {
    before: `${phonesAs(`id text PRIMARY KEY NOT NULL, ${PHONE_COLUMNS}`)}
      CREATE INDEX patient_phones_number ON patient_phones (number);`,
  },
  'phones-by-number': {
    before: phonesAs(`id text NOT NULL UNIQUE, ${PHONE_COLUMNS}, PRIMARY KEY (number, id)`),
  },
  'no-patients-phone': { before: 'DROP INDEX patients_phone' },
};

/** Frames in the WAL and the distinct pages among them. */
function walFrames(wal: string): { frames: number; pages: number } {
  const pages = framePages(wal);
  return { frames: pages.length, pages: new Set(pages).size };
}

async function round(open: (path: string) => Store, shape: string) {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-shapes-'));
  try {
    const path = join(dir, 'bench.db');
    const store = open(path);
    const { before, after } = SHAPES[shape]!;
    const dobIndexSql = store.sqlite
      .prepare(`SELECT sql FROM sqlite_master WHERE name = 'patients_dob_keys_names'`)
      .pluck()
      .get() as string;
    if (before) store.sqlite.exec(before);
    // Start from an empty WAL, and keep every frame of the workload in it until the end.
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.sqlite.pragma('wal_autocheckpoint = 0');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    writeBulk(store);
    patientNameIndex(store).catchUp();
    after?.(store, dobIndexSql);
    await store.settled();
    const wal = walFrames(`${path}-wal`);
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const wallMs = Math.round(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    store.close();
    return { shape, ...wal, cpuMs: Math.round((cpu.user + cpu.system) / 1000), wallMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rounds = Number(process.argv[2] ?? 3);
const shapes = (process.argv[3] ?? 'base,dob-side').split(',');
for (const shape of shapes) if (!SHAPES[shape]) throw new Error(`no shape ${shape}`);
console.log(`load ${loadavg()[0]!.toFixed(2)}`);
// Untimed: V8 compiles the workload on neither side's first timed round.
await round(openEncrypted, 'base');
await round(openPlain, 'base');
for (let r = 0; r < rounds; r++) {
  for (const shape of r % 2 ? [...shapes].reverse() : shapes) {
    console.log('encrypted', JSON.stringify(await round(openEncrypted, shape)));
    console.log('plain    ', JSON.stringify(await round(openPlain, shape)));
  }
}
console.log(`load ${loadavg()[0]!.toFixed(2)}`);
