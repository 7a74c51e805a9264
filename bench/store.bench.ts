import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCachePragmas, DEFAULT_MIGRATIONS } from '../src-main/store/database';
import * as schema from '../src-main/store/schema';
import { Store } from '../src-main/store/store';
import { patientNameIndex } from '../src-main/patients/name-index';
import { insertPatient } from '../src-main/patients/table';
import { intakeSchema, type Intake } from '../src-shared/patients/intake';
import { median, type Benchmark } from './benchmark';

const PATIENTS = 20_000;
const BATCH = 1_000; // an import or a sync page: many patients per transaction
// Each round is a few seconds; on a shared 2-core machine three were too few for a
// stable median (the ratio read 1.14-1.39 run to run), so more rounds of the same work.
const ROUNDS = 7;
const actor = { userId: 'bench' };

const FIRST = ['Ana', 'Bo', 'Chen', 'Dmitri', 'Eun-ji', 'Fatima', 'Gustavo', 'Hana', 'Ibrahim', 'Jo'];
const LAST = ['Garcia', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Haddad', 'Tanaka', 'Silva', 'Novak', 'Ali'];
/** 0 -> a, 27 -> bb: distinct surnames from letters only, as names must be. */
const letters = (n: number): string =>
  (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
// Validated up front, so the timed loop measures the store, not zod.
const INTAKES: Intake[] = Array.from({ length: PATIENTS }, (_, i) =>
  intakeSchema.parse({
    identity: {
      firstName: FIRST[i % 10]!,
      lastName: `${LAST[((i / 10) % 10) | 0]!}-${letters(i)}`,
      dateOfBirth: `0${1 + (i % 9)}/1${i % 10}/19${String(40 + (i % 60)).padStart(2, '0')}`,
    },
    contact: { phones: [{ number: `617555${String(i % 10_000).padStart(4, '0')}` }] },
  }),
);
const fake = (i: number): Intake => INTAKES[i % PATIENTS]!;

/**
 * Plain SQLite with the same pragmas and migrations: the baseline encryption is measured
 * against. With its file, so it checkpoints as the encrypted store does, on a worker once
 * writes pause (decision 0035).
 */
function openPlain(path: string): Store {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  applyCachePragmas(sqlite);
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: DEFAULT_MIGRATIONS });
  return Store.over({ sqlite, db }, { path, key: null });
}

/**
 * Patients per second through the write function (row + outbox, the name index after
 * each commit), in batches. The name index is written after the commit (decision 0033);
 * the clock stops once it has caught up, so every patient is searchable and the same
 * work is timed as when the index was written inside each transaction, and after any
 * checkpoint the store asked its worker for has finished.
 */
async function insertRate(open: (path: string) => Store): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-bench-'));
  try {
    const store = open(join(dir, 'bench.db'));
    const started = performance.now();
    for (let i = 0; i < PATIENTS; i += BATCH) {
      store.write((tx) => {
        for (let j = i; j < i + BATCH; j++) insertPatient(store, tx, fake(j), actor);
      });
    }
    patientNameIndex(store).catchUp();
    await store.settled();
    const seconds = (performance.now() - started) / 1000;
    store.close();
    return PATIENTS / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const encrypted = (path: string) => Store.open({ path, key: randomBytes(32) });
let rates: { encrypted: number; plain: number } | null = null;
// Interleave encrypted and plain rounds so machine noise hits both alike; take medians.
async function measure(): Promise<{ encrypted: number; plain: number }> {
  if (rates) return rates;
  const enc: number[] = [];
  const plain: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    enc.push(await insertRate(encrypted));
    plain.push(await insertRate(openPlain));
  }
  return (rates = { encrypted: median(enc), plain: median(plain) });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'store.insert_patients_per_s',
    unit: 'patients/s',
    budget: { op: '>=', value: 20_000 },
    run: async () => (await measure()).encrypted,
  },
  {
    name: 'store.encryption_overhead_ratio',
    unit: 'x',
    budget: { op: '<=', value: 1.15 },
    run: async () => {
      const { plain, encrypted } = await measure();
      return plain / encrypted;
    },
  },
  {
    name: 'store.create_patient_committed_ms',
    unit: 'ms',
    // One patient per transaction, fsync'd (synchronous=FULL): what a coordinator's Save costs.
    run: () => {
      const dir = mkdtempSync(join(tmpdir(), 'caredesk-bench-'));
      try {
        const store = encrypted(join(dir, 'bench.db'));
        const samples: number[] = [];
        for (let i = 0; i < 300; i++) {
          const t = performance.now();
          store.write((tx) => insertPatient(store, tx, fake(i), actor));
          samples.push(performance.now() - t);
        }
        store.close();
        return median(samples);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
