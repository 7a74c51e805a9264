import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { applyCachePragmas, DEFAULT_MIGRATIONS } from '../src-main/store/database';
import * as schema from '../src-main/store/schema';
import { Store } from '../src-main/store/store';
import { insertPatient } from '../src-main/patients/table';
import { intakeSchema, type Intake } from '../src-shared/patients/intake';

/*
 * The store bench's bulk insert workload (store.bench.ts), shared with the probes that
 * take it apart (insert-split.ts: where the time goes; insert-pages.ts: pages per b-tree).
 */
export const BULK_PATIENTS = 20_000;
/** An import or a sync page: many patients per transaction. */
export const BULK_BATCH = 1_000;

const FIRST = ['Ana', 'Bo', 'Chen', 'Dmitri', 'Eun-ji', 'Fatima', 'Gustavo', 'Hana', 'Ibrahim', 'Jo'];
const LAST = ['Garcia', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Haddad', 'Tanaka', 'Silva', 'Novak', 'Ali'];
/** 0 -> a, 27 -> bb: distinct surnames from letters only, as names must be. */
const letters = (n: number): string =>
  (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));

/** The workload's patients, validated up front, so a timed loop measures the store, not zod. */
export const BULK_INTAKES: readonly Intake[] = Array.from({ length: BULK_PATIENTS }, (_, i) =>
  intakeSchema.parse({
    identity: {
      firstName: FIRST[i % 10]!,
      lastName: `${LAST[((i / 10) % 10) | 0]!}-${letters(i)}`,
      dateOfBirth: `0${1 + (i % 9)}/1${i % 10}/19${String(40 + (i % 60)).padStart(2, '0')}`,
    },
    contact: { phones: [{ number: `617555${String(i % 10_000).padStart(4, '0')}` }] },
  }),
);

/** The workload, batch by batch: each batch of BULK_BATCH patients in one transaction, through insertPatient. */
export function writeBulk(store: Store): void {
  for (let i = 0; i < BULK_PATIENTS; i += BULK_BATCH) {
    store.write((tx) => {
      for (let j = i; j < i + BULK_BATCH; j++) insertPatient(store, tx, BULK_INTAKES[j]!, { userId: 'bench' });
    });
  }
}

/** A new encrypted store, as the app opens one. */
export const openEncrypted = (path: string): Store => Store.open({ path, key: randomBytes(32) });

/**
 * Plain SQLite with the same pragmas and migrations: the baseline encryption is measured
 * against. With its file, so it checkpoints as the encrypted store does, on a worker once
 * writes pause (decision 0035).
 */
export function openPlain(path: string): Store {
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
 * A probe's rounds (`npx tsx bench/<probe>.ts [rounds]`, 3 by default): the workload encrypted
 * then plain, each round's figures printed as JSON, with the load before and after.
 */
export async function alternateRounds(round: (open: (path: string) => Store) => Promise<object>): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  console.log(`load ${loadavg()[0]!.toFixed(2)}`);
  for (let r = 0; r < rounds; r++) {
    console.log('encrypted', JSON.stringify(await round(openEncrypted)));
    console.log('plain    ', JSON.stringify(await round(openPlain)));
  }
  console.log(`load ${loadavg()[0]!.toFixed(2)}`);
}
