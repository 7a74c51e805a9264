import { intakeSchema } from '../src-shared/patients/intake';
import { intakeToFormValues } from '../src-shared/patients/intake-form';
import { displayDate } from '../src-shared/dates';
import { displayPhone } from '../src-shared/phone';
import { seedPatients } from '../src-main/patients/seed';
import { SyntheticPatients } from '../src-main/patients/synthetic';
import { patients } from '../src-main/patients/table';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../tests/support/store';
import { sql } from 'drizzle-orm';
import type { Store } from '../src-main/store/store';
import { percentile, type Benchmark } from './benchmark';

/**
 * Patients at clinic scale. The budgets are at 1,000,000 patients: run
 * `npm run bench -- --only patients. --patients 1000000` for the figures at that size
 * (the seed alone takes minutes on a 2-core machine). Routine runs default to 50,000
 * (or CAREDESK_BENCH_PATIENTS) and every unit says which size was measured.
 */
const N = Number(process.env.CAREDESK_BENCH_PATIENTS ?? 50_000);
const AT = `at ${N.toLocaleString('en-US')} patients`;

let clinic: Promise<{ app: TestCareDesk; seedSeconds: number }> | null = null;
const seeded = () =>
  (clinic ??= Promise.resolve().then(() => {
    const app = freshCareDesk();
    process.once('exit', () => app.dispose());
    const started = performance.now();
    seedPatients(app.store, N, 42);
    return { app, seedSeconds: (performance.now() - started) / 1000 };
  }));

/**
 * A sample of `n` stored patients of a store of `total`, spread evenly (by rowid, without
 * reading them all); dob-index-ab.ts samples its million-patient store the same way.
 */
export function samplePatients(db: Store['db'], total: number, n: number) {
  const step = Math.max(1, Math.floor(total / n));
  const rowids = Array.from({ length: n }, (_, i) => 1 + i * step);
  return db
    .select()
    .from(patients)
    .where(sql`rowid IN (SELECT value FROM json_each(${JSON.stringify(rowids)}))`)
    .orderBy(sql`rowid`)
    .all();
}
const sample = (app: TestCareDesk, n: number) => samplePatients(app.store.db, N, n);

/** The queries a coordinator types, in the mix the issue names: name prefix, full name, date of birth, phone. */
function mixedQueries(app: TestCareDesk): string[] {
  const queries: string[] = [];
  sample(app, 100).forEach((p, i) => {
    switch (i % 4) {
      case 0:
        queries.push(`${p.lastName.slice(0, 4)} ${p.firstName.slice(0, 2)}`);
        break;
      case 1:
        queries.push(`${p.firstName} ${p.lastName}`);
        break;
      case 2:
        queries.push(displayDate(p.dateOfBirth));
        break;
      case 3:
        queries.push(displayPhone(p.phone));
        break;
    }
  });
  return queries;
}

/** patients.search in the main process (the query, without the renderer or the audit write). */
async function searchP95(): Promise<number> {
  const { app } = await seeded();
  const queries = mixedQueries(app);
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const started = performance.now();
      app.patients.search(q, 20);
      samples.push(performance.now() - started);
    }
  }
  return percentile(samples.slice(queries.length), 95);
}

/** The same mix through the router: validation, the query and its audit entry (one fsync'd commit). */
async function searchAuditedP95(): Promise<number> {
  const { app } = await seeded();
  const queries = mixedQueries(app);
  const samples: number[] = [];
  for (const q of queries) {
    const started = performance.now();
    const r = await app.router('patients.search', { query: q, limit: 20 }, fromWindow);
    samples.push(performance.now() - started);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  return percentile(samples, 95);
}

/**
 * Near-copies of these stored patients, typed a little wrong the way duplicates arrive: a
 * typo, a swapped day and month (dob-index-ab.ts checks the same copies).
 */
export function nearCopies(app: Pick<TestCareDesk, 'patients'>, stored: ReadonlyArray<{ id: string }>) {
  return stored.map((p, i) => {
    const intake = app.patients.get(p.id).intake;
    if (i % 2 === 0) intake.identity.lastName = `${intake.identity.lastName}e`;
    if (i % 3 === 0) {
      const [y, m, d] = intake.identity.dateOfBirth.split('-');
      if (Number(d) <= 12) intake.identity.dateOfBirth = `${y}-${d}-${m}`;
    }
    return intake;
  });
}

/** Duplicate check before create: blocking queries and scoring, for near-copies of stored patients. */
async function duplicateCheckP95(): Promise<number> {
  const { app } = await seeded();
  const probes = nearCopies(app, sample(app, 200));
  const samples: number[] = [];
  for (const intake of probes) {
    const started = performance.now();
    app.patients.duplicates(intake);
    samples.push(performance.now() - started);
  }
  return percentile(samples.slice(20), 95);
}

/**
 * Times INTAKE_FORMS full intakes of new synthetic households (seeded by `seed`) saved through the
 * router: validation, duplicate check, rows, change capture, audit. dob-index-ab.ts times
 * the save the same way on its million-patient store.
 */
export const INTAKE_FORMS = 300;
export async function intakeSaves(app: Pick<TestCareDesk, 'router'>, seed: number): Promise<number[]> {
  const source = new SyntheticPatients(seed);
  const forms = Array.from({ length: 150 }, () => source.household())
    .flat()
    .slice(0, INTAKE_FORMS)
    .map((p) => intakeToFormValues(intakeSchema.parse(intakeToFormValues(p))));
  const samples: number[] = [];
  for (const intake of forms) {
    const started = performance.now();
    const r = await app.router(
      'patients.intake',
      { intake, duplicateReview: { candidateIds: [], reason: 'benchmark: new household' } },
      fromWindow,
    );
    // A synthetic look-alike may be a likely duplicate of a stored patient: refused, and not a save to time.
    if (r.ok) samples.push(performance.now() - started);
    else if (r.error.code !== 'CONFLICT') throw new Error(JSON.stringify(r.error));
  }
  return samples;
}

async function intakeSaveP95(): Promise<number> {
  const samples = await intakeSaves((await seeded()).app, 9_999);
  return percentile(samples.slice(30), 95);
}

export const benchmarks: Benchmark[] = [
  {
    name: 'patients.seed_1m_s',
    unit: `s, extrapolated from ${N.toLocaleString('en-US')}`,
    run: async () => ((await seeded()).seedSeconds * 1_000_000) / N,
  },
  { name: 'patients.search_p95_ms', unit: `ms ${AT}`, budget: { op: '<=', value: 2 }, run: searchP95 },
  { name: 'patients.search_audited_p95_ms', unit: `ms ${AT}, via the router`, run: searchAuditedP95 },
  {
    name: 'patients.duplicate_check_p95_ms',
    unit: `ms ${AT}`,
    budget: { op: '<=', value: 20 },
    run: duplicateCheckP95,
  },
  { name: 'patients.intake_save_p95_ms', unit: `ms ${AT}`, budget: { op: '<=', value: 5 }, run: intakeSaveP95 },
];
