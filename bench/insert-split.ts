import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCachePragmas, DEFAULT_MIGRATIONS } from '../src-main/store/database';
import * as schema from '../src-main/store/schema';
import { Store } from '../src-main/store/store';
import { patientNameIndex } from '../src-main/patients/name-index';
import { insertPatient } from '../src-main/patients/table';
import { intakeSchema, type Intake } from '../src-shared/patients/intake';

/*
 * Where a bulk insert's time goes (store.bench.ts's workload: 20,000 patients in batches
 * of 1,000, encrypted and plain alternated): wall time inside the transactions' functions,
 * in their commits and in the name-index catch-up, and CPU of the main thread and of the
 * other threads (the checkpoint worker), read from /proc. A probe, not a benchmark:
 * `npx tsx bench/insert-split.ts [rounds]`.
 */
const PATIENTS = 20_000;
const BATCH = 1_000;
const ROUNDS = Number(process.argv[2] ?? 3);
const actor = { userId: 'bench' };
const FIRST = ['Ana', 'Bo', 'Chen', 'Dmitri', 'Eun-ji', 'Fatima', 'Gustavo', 'Hana', 'Ibrahim', 'Jo'];
const LAST = ['Garcia', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Haddad', 'Tanaka', 'Silva', 'Novak', 'Ali'];
const letters = (n: number): string =>
  (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
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

function openPlain(path: string): Store {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  applyCachePragmas(sqlite);
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: DEFAULT_MIGRATIONS });
  // The plain store's own checkpoint worker where this tree has one (the second argument).
  return (Store.over as (o: object, file?: object) => Store)({ sqlite, db }, { path, key: null });
}
const encrypted = (path: string) => Store.open({ path, key: randomBytes(32) });

const ticks = (stat: string) => {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
function threadCpu(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const ms = ticks(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    } catch {
      // a thread that ended
    }
  }
  return { main, others };
}

async function round(open: (path: string) => Store) {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-split-'));
  try {
    const store = open(join(dir, 'bench.db'));
    const cpu0 = threadCpu();
    let inTx = 0;
    let commit = 0;
    const started = performance.now();
    for (let i = 0; i < PATIENTS; i += BATCH) {
      const t0 = performance.now();
      let t1 = 0;
      store.write((tx) => {
        for (let j = i; j < i + BATCH; j++) insertPatient(store, tx, INTAKES[j]!, actor);
        t1 = performance.now();
      });
      const t2 = performance.now();
      inTx += t1 - t0;
      commit += t2 - t1;
    }
    const c0 = performance.now();
    patientNameIndex(store).catchUp();
    const catchUp = performance.now() - c0;
    const s0 = performance.now();
    // Background work under way when the clock stops (this tree's checkpoint worker, if any).
    const settled = (store as { settled?: () => Promise<void> }).settled;
    if (settled) await settled.call(store);
    const settle = performance.now() - s0;
    const wall = performance.now() - started;
    const cpu1 = threadCpu();
    store.close();
    return {
      rate: Math.round(PATIENTS / (wall / 1000)),
      inTx: Math.round(inTx),
      commit: Math.round(commit),
      catchUp: Math.round(catchUp),
      settle: Math.round(settle),
      mainCpuUsPerPatient: Math.round(((cpu1.main - cpu0.main) * 1000) / PATIENTS),
      otherCpuUsPerPatient: Math.round(((cpu1.others - cpu0.others) * 1000) / PATIENTS),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`load ${loadavg()[0]!.toFixed(2)}`);
for (let r = 0; r < ROUNDS; r++) {
  console.log('encrypted', JSON.stringify(await round(encrypted)));
  console.log('plain    ', JSON.stringify(await round(openPlain)));
}
console.log(`load ${loadavg()[0]!.toFixed(2)}`);
