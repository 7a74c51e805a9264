import { appendCall } from '../src-main/calls/table';
import { createTask } from '../src-main/tasks/table';
import {
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  CALL_REASONS,
  callFilterSchema,
  type CallFilterInput,
  type NewCall,
} from '../src-shared/calls/schemas';
import type { NewTask } from '../src-shared/tasks/schemas';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../tests/support/store';
import { median, percentile, type Benchmark } from './benchmark';

const CALLS = 200_000;
const TASKS = 50_000;
const PATIENTS = 2_000;
const BATCH = 5_000;
const COORDINATORS = Array.from({ length: 12 }, (_, i) => ({ userId: `coord-${i}`, name: `Coordinator ${i}` }));
const WORDS = ['mri', 'refill', 'copay', 'ride', 'fax', 'denied', 'prior', 'authorization', 'statement', 'portal'];
const DAY = 86_400_000;

/** 17 -> 'br': distinct letter-only surnames. */
const toLetters = (n: number): string =>
  (n >= 26 ? toLetters(Math.floor(n / 26) - 1) : '') + String.fromCharCode(97 + (n % 26));

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

/** 2,000 patients through intake's channel, then 200,000 calls over a year through the call log's write function. */
async function clinicWithCalls(): Promise<{ app: TestCareDesk; patientIds: string[] }> {
  const app = freshCareDesk();
  const patientIds: string[] = [];
  for (let i = 0; i < PATIENTS; i++) {
    const r = await app.router(
      'patients.create',
      {
        firstName: pick(['Ana', 'Bo', 'Chen', 'Dmitri', 'Eun-ji', 'Fatima', 'Gustavo'], i),
        lastName: `${pick(['Garcia', 'Nguyen', 'Okafor', 'Smith', 'Kowalski', 'Haddad'], i >> 3)}-${toLetters(i)}`,
        dateOfBirth: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
        phone: `+1617555${String(i % 10_000).padStart(4, '0')}`,
      },
      fromWindow,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    patientIds.push((r.value as { id: string }).id);
  }
  const now = Date.now();
  for (let start = 0; start < CALLS; start += BATCH) {
    app.store.write((tx) => {
      for (let i = start; i < start + BATCH; i++) {
        const startedAt = now - (i % 365) * DAY - ((i * 7919) % DAY);
        const call: NewCall = {
          direction: pick(CALL_DIRECTIONS, i >> 1),
          phone: `+1617555${String(i % 10_000).padStart(4, '0')}`,
          patientId: i % 10 === 0 ? null : pick(patientIds, i * 31),
          callerKind: 'patient',
          callerName: '',
          reason: pick(CALL_REASONS, i >> 2),
          outcome: pick(CALL_OUTCOMES, i * 3),
          notes: `${pick(WORDS, i)} ${pick(WORDS, i >> 3)} call ${i}`,
          startedAt: new Date(startedAt).toISOString(),
          endedAt: new Date(startedAt + 30_000 + (i % 600) * 1000).toISOString(),
          appointmentId: null,
          referralId: null,
          followUpDue: null,
        };
        appendCall(app.store, tx, call, pick(COORDINATORS, i));
      }
    });
  }
  return { app, patientIds };
}

let clinic: Promise<{ app: TestCareDesk; patientIds: string[] }> | null = null;
const seeded = () => (clinic ??= clinicWithCalls());

/**
 * A coordinator changing the call log's view: each filter below is one request
 * (count + first window of 200 rows, audited as a search), over 200,000 calls.
 * The figure is the slowest filter's median; the renderer's paint is not included.
 */
async function tableFilterMs(): Promise<number> {
  const { app, patientIds } = await seeded();
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const views: Record<string, CallFilterInput> = {
    newest: {},
    lastWeek: { from: iso(new Date(today.getTime() - 7 * DAY)), to: iso(today) },
    reasonAndOutcome: { reason: 'insurance_benefits', outcome: 'callback_needed' },
    direction: { direction: 'missed' },
    coordinator: { coordinatorId: 'coord-3' },
    patient: { patientId: patientIds[17]! },
    quickSearchWord: { search: 'authorization' },
    quickSearchPhone: { search: '(617) 555-0042' },
    sortByLength: { sort: 'durationSeconds', descending: true },
    sortByPatient: { sort: 'patientName', descending: false, reason: 'billing' },
  };
  const medians: Record<string, number> = {};
  const cpu: Record<string, number> = {};
  const serviceOnly: Record<string, number> = {};
  for (const [name, filter] of Object.entries(views)) {
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    for (let round = 0; round < 7; round++) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      const r = await app.router('calls.query', { filter, offset: 0, limit: 200 }, fromWindow);
      samples.push(performance.now() - started);
      cpuSamples.push(cpuMs(process.cpuUsage(cpuStarted)));
      if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
    }
    medians[name] = median(samples);
    cpu[name] = median(cpuSamples);
    // The same view without the router: what the index and the row fetch cost, apart from
    // the audit entry (a synchronous=FULL commit) every PHI read writes.
    const parsed = callFilterSchema.parse(filter);
    const bare: number[] = [];
    for (let round = 0; round < 7; round++) {
      const started = performance.now();
      app.calls.query(parsed, 0, 200);
      bare.push(performance.now() - started);
    }
    serviceOnly[name] = median(bare);
  }
  process.stderr.write(
    `  calls.table_filter_ms per view: ${Object.entries(medians)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}\n  CPU time of the same requests (what a busy machine does not inflate): ${Object.entries(cpu)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}\n  without the router and its audit write: ${Object.entries(serviceOnly)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ')}\n`,
  );
  return Math.max(...Object.values(medians));
}

/** CPU milliseconds (user + system) of a `process.cpuUsage` delta. */
const cpuMs = (d: NodeJS.CpuUsage) => (d.user + d.system) / 1000;

/** Logging a call through the router: validation, the entry, its callback task, outbox entries and the audit. */
async function appendP95Ms(): Promise<number> {
  const { app, patientIds } = await seeded();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < 400; i++) {
    const now = Date.now();
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const r = await app.router(
      'calls.log',
      {
        direction: 'inbound',
        phone: '(617) 555-0147',
        patientId: pick(patientIds, i),
        callerKind: 'patient',
        reason: 'insurance_benefits',
        outcome: i % 2 === 0 ? 'callback_needed' : 'resolved',
        notes: 'Asks whether the MRI is covered',
        startedAt: new Date(now - 120_000).toISOString(),
        endedAt: new Date(now).toISOString(),
      },
      fromWindow,
    );
    samples.push(performance.now() - started);
    cpuSamples.push(cpuMs(process.cpuUsage(cpuStarted)));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  // The floor under this figure is the synchronous=FULL commit (an fsync of the WAL).
  const commits: number[] = [];
  for (let i = 0; i < 400; i++) {
    const started = performance.now();
    app.store.sqlite.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('bench_probe', ?)").run(String(i));
    commits.push(performance.now() - started);
  }
  process.stderr.write(
    `  calls.append: p50 ${percentile(samples.slice(50), 50).toFixed(2)} p95 ${percentile(samples.slice(50), 95).toFixed(2)}, CPU p50 ${percentile(cpuSamples.slice(50), 50).toFixed(2)} p95 ${percentile(cpuSamples.slice(50), 95).toFixed(2)}; one-row FULL commit p50 ${percentile(commits, 50).toFixed(2)} p95 ${percentile(commits, 95).toFixed(2)}\n`,
  );
  return percentile(samples.slice(50), 95);
}

/** Opening the worklist with 50,000 open tasks: count, overdue count and the first window, mine and the team's. */
async function worklistOpenMs(): Promise<number> {
  const app = freshCareDesk();
  try {
    const me = app.session.current()!;
    const now = Date.now();
    for (let start = 0; start < TASKS; start += BATCH) {
      app.store.write((tx) => {
        for (let i = start; i < start + BATCH; i++) {
          const task: NewTask = {
            kind: pick(['callback', 'clinical_question', 'rebook', 'pre_visit_check'] as const, i),
            title: `Task ${i}`,
            patientId: null,
            assignee:
              i % 5 === 0
                ? { kind: 'person', userId: me.userId, name: me.displayName }
                : i % 5 === 1
                  ? { kind: 'pool', pool: 'coordinators' }
                  : { kind: 'person', userId: `someone-${i % 40}`, name: 'Someone' },
            dueAt: new Date(now + ((i * 7919) % (30 * DAY)) - 5 * DAY).toISOString(),
            priority: pick(['low', 'normal', 'high', 'urgent'] as const, i >> 1),
            source: null,
          };
          createTask(app.store, tx, task, { userId: 'bench', name: 'Bench' });
        }
      });
    }
    const run = async (scope: 'mine' | 'team') => {
      const samples: number[] = [];
      for (let round = 0; round < 9; round++) {
        const started = performance.now();
        const r = await app.router('tasks.worklist', { scope, offset: 0, limit: 200 }, fromWindow);
        samples.push(performance.now() - started);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
      }
      return median(samples);
    };
    const mine = await run('mine');
    const team = await run('team');
    process.stderr.write(`  tasks.worklist_open_ms: mine ${mine.toFixed(1)}, team ${team.toFixed(1)}\n`);
    return Math.max(mine, team);
  } finally {
    app.dispose();
  }
}

export const benchmarks: Benchmark[] = [
  { name: 'calls.table_filter_ms', unit: 'ms', budget: { op: '<=', value: 50 }, run: tableFilterMs },
  {
    name: 'calls.append_p95_ms',
    unit: 'ms',
    budget: { op: '<=', value: 5 },
    run: async () => {
      const value = await appendP95Ms();
      (await seeded()).app.dispose();
      return value;
    },
  },
  { name: 'tasks.worklist_open_ms', unit: 'ms', budget: { op: '<=', value: 100 }, run: worklistOpenMs },
];
