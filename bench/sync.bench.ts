import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { formatHlc } from '../src-shared/hlc';
import { MINIMUM_SCRYPT_COST } from '../src-shared/session/verifier';
import type { SyncChange } from '../src-shared/sync/protocol';
import { buildHub } from '../src-server/app';
import { openHubDatabase, type HubDatabase } from '../src-server/db/connect';
import { createOrganization, createUser, issueEnrollmentCode } from '../src-server/admin/tenants';
import { startCareDesk, type CareDesk } from '../src-main/services';
import type { Fetch } from '../src-main/sync/hub-client';
import { startCluster } from '../tests/support/postgres-cluster';
import { median, type Benchmark } from './benchmark';
import { startCpuSplit } from './cpu-split';
import { hubHistory, type HubHistory } from './hub-history';

/**
 * Hub and sync figures against a real PostgreSQL server (DATABASE_URL, else a
 * throwaway cluster with PostgreSQL's default, durable settings) and real encrypted
 * workstation stores over loopback. Sizes follow issue 6; `SYNC_BENCH_SCALE=0.1`
 * runs a tenth of the rows for a quick look.
 */
const SCALE = Number(process.env.SYNC_BENCH_SCALE ?? 1);
const PATIENTS = Math.round(100_000 * SCALE);
const APPOINTMENTS = Math.round(300_000 * SCALE);
const PASSWORD = 'benchmark passphrase';

interface Context {
  adminUrl: string;
  stopCluster: () => void;
  cleanups: Array<() => Promise<void> | void>;
}
let context: Promise<Context> | undefined;

function shared(): Promise<Context> {
  context ??= (async () => {
    if (process.env.DATABASE_URL)
      return { adminUrl: process.env.DATABASE_URL, stopCluster: () => undefined, cleanups: [] };
    const cluster = await startCluster({ durable: true });
    process.once('exit', () => cluster.stop());
    return { adminUrl: cluster.url, stopCluster: cluster.stop, cleanups: [] };
  })();
  return context;
}

interface BenchHub {
  url: string;
  /** The hub's PostgreSQL database. */
  databaseUrl: string;
  database: HubDatabase;
  orgId: string;
  username: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function benchHub(): Promise<BenchHub> {
  const { adminUrl } = await shared();
  const name = `hub_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openHubDatabase({ url: url.href });
  const app = await buildHub({ database, rateLimitPerMinute: 10_000_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const org = await createOrganization(database.db, 'Bench Clinic');
  await createUser(database.db, {
    orgId: org.id,
    username: 'bench',
    displayName: 'Bench',
    role: 'coordinator',
    password: PASSWORD,
  });
  const pool = new pg.Pool({ connectionString: url.href, max: 4 });
  // pool.end() resolves before its connections have closed; the DROP … WITH (FORCE) in close()
  // can reach one still closing, whose error would otherwise end the benchmark's process.
  pool.on('error', () => undefined);
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    databaseUrl: url.href,
    database,
    orgId: org.id,
    username: 'bench',
    pool,
    async close() {
      await app.close();
      await pool.end();
      await database.close();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}

async function workstation(hub: BenchHub, options: { background?: boolean; fetch?: Fetch } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-sync-'));
  const app: CareDesk = startCareDesk({
    dataDir,
    key: randomBytes(32),
    trustedOrigins: ['app://caredesk'],
    bootstrapAdmin: '',
    scryptCost: MINIMUM_SCRYPT_COST,
    hubUrl: hub.url,
    hubFetch: options.fetch,
    syncInBackground: options.background ?? false,
  });
  const sync = app.sync!;
  await sync.enroll((await issueEnrollmentCode(hub.database.db, hub.orgId)).code, 'bench');
  await sync.signIn(hub.username, PASSWORD);
  return {
    app,
    sync,
    dispose() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A device over plain HTTP, for the hub's own throughput. */
async function rawDevice(hub: BenchHub) {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${hub.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  const code = (await issueEnrollmentCode(hub.database.db, hub.orgId)).code;
  const enrolled = await post('/v1/enroll', { code, deviceName: 'bench' });
  const signed = await post('/v1/sign-in', {
    deviceId: enrolled.deviceId,
    deviceSecret: enrolled.deviceSecret,
    username: hub.username,
    password: PASSWORD,
  });
  let batchSeq = 0;
  return {
    push: (changes: SyncChange[]) =>
      post('/v1/push', { deviceId: enrolled.deviceId, epoch: null, batchSeq: ++batchSeq, changes }, signed.token),
  };
}

let tick = 0;
function patientChange(node: string): SyncChange {
  const id = randomUUID();
  return {
    changeId: randomUUID(),
    table: 'patients',
    rowId: id,
    op: 'insert',
    fields: {
      id,
      mrn: `MRN-${randomBytes(6).toString('hex')}`,
      // Names and birth dates spread like a real clinic's, so duplicate checks find few.
      firstName: `Bench${randomBytes(3).toString('hex')}`,
      lastName: `Patient${randomBytes(4).toString('hex')}`,
      dateOfBirth: `19${50 + (tick % 50)}-0${1 + (tick % 9)}-${10 + (tick % 19)}`,
      phone: '+16175550100',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    },
    hlc: formatHlc({ wallMs: Date.now(), counter: tick++ % 99_999, nodeId: node }),
    baseCursor: 0,
    userId: null,
  };
}

/**
 * The hub's rows for a first sync. By default what a clinic's hub really holds (decision 0147,
 * `hubHistory`); `SYNC_BENCH_IDS=random` seeds random (v4) row ids and appointments of made-up
 * patients instead, all patients first, as before 0147: the worst case for the store's id
 * indexes, kept runnable so the realistic figure cannot hide it.
 */
export async function seedHub(hub: BenchHub, appointments = APPOINTMENTS): Promise<number> {
  const ids = process.env.SYNC_BENCH_IDS;
  if (ids && ids !== 'random') throw new Error(`SYNC_BENCH_IDS: 'random' or unset, not ${ids}`);
  const history = ids ? randomIdHistory(PATIENTS, appointments) : hubHistory(PATIENTS, appointments);
  process.stderr.write(`  seed: ${history.summary}\n`);
  const { patients: p, appointments: a } = history;
  const rows = PATIENTS + appointments;
  // A client of its own, ended here: pg-pool keeps the first query's values (the whole history's
  // arrays, ~25 MB) reachable from its connection, in the heap the first sync then runs in.
  const seeder = new pg.Client({ connectionString: hub.databaseUrl });
  await seeder.connect();
  try {
    // Every field but the ids, the patient an appointment is for and when each row was made is
    // the same in both histories.
    await seeder.query(
      `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
       SELECT $1, 'patients', id,
         jsonb_build_object('mrn', 'MRN-' || g, 'firstName', 'Seed', 'lastName', 'Patient' || (g % 5000),
           'dateOfBirth', to_char(date '1950-01-01' + (g % 20000), 'YYYY-MM-DD'), 'phone', '+1617555' || lpad((g % 10000)::text, 4, '0'),
           'createdAt', at, 'updatedAt', at),
         '{}'::jsonb, version
       FROM unnest($2::text[], $3::int[], $4::text[], $5::bigint[]) AS s(id, g, at, version)`,
      [hub.orgId, p.ids, p.ordinals, p.createdAt, p.seqs],
    );
    await seeder.query(
      `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
       SELECT $1, 'appointments', id,
         jsonb_build_object('patientId', patient_id, 'providerId', 'prov' || (g % 100), 'typeId', 'type-1', 'locationId', 'loc-1',
           'startsAt', to_char(timestamptz '2026-01-05 13:00Z' + (g / 100) * interval '30 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'endsAt', to_char(timestamptz '2026-01-05 13:30Z' + (g / 100) * interval '30 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'status', 'booked', 'hubState', 'confirmed', 'reason', '', 'notes', '', 'interpreterNeeded', false, 'language', 'English',
           'transportNeeded', false, 'resourceIds', '[]'::jsonb, 'createdAt', at, 'updatedAt', at),
         '{}'::jsonb, version
       FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[]) AS s(id, g, patient_id, at, version)`,
      [hub.orgId, a.ids, a.ordinals, a.patientIds, a.createdAt, a.seqs],
    );
    await seeder.query(`UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1`, [hub.orgId, rows]);
    await seeder.query('ANALYZE records');
  } finally {
    await seeder.end();
  }
  return rows;
}

/**
 * The seed before decision 0147, as a history: v4 row ids, all patients then all
 * appointments, each appointment's patient 'p' || g, every row made now.
 */
function randomIdHistory(patients: number, appointments: number): HubHistory {
  const at = new Date().toISOString();
  const ordinals = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const p = ordinals(patients);
  const a = ordinals(appointments);
  return {
    patients: { ids: p.map(() => randomUUID()), ordinals: p, createdAt: p.map(() => at), seqs: p },
    appointments: {
      ids: a.map(() => randomUUID()),
      ordinals: a,
      patientIds: a.map((g) => `p${g}`),
      createdAt: a.map(() => at),
      seqs: a.map((g) => patients + g),
    },
    summary: `${patients + appointments} rows with random (v4) ids, all patients first (SYNC_BENCH_IDS=random)`,
  };
}

/** A fresh workstation's first sync of what the hub holds: wall and this process's CPU, in ms. */
async function timedFirstSync(hub: BenchHub, ws: Awaited<ReturnType<typeof workstation>>, rows: number) {
  // Which threads, and how much of PostgreSQL, the CPU went to (printed, not returned).
  const { rows: backend } = await hub.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const split = startCpuSplit(backend[0]!.pid);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const status = await ws.sync.syncNow();
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  if (split) process.stderr.write(`  ${split.stop()}\n`);
  if (status.state !== 'online') throw new Error(`first sync failed: ${status.lastError}`);
  const applied = ws.app.store.sqlite
    .prepare('SELECT (SELECT count(*) FROM patients) + (SELECT count(*) FROM appointments) AS n')
    .get() as { n: number };
  if (applied.n !== rows) throw new Error(`applied ${applied.n} of ${rows} rows`);
  return { ms, cpuMs: (user + system) / 1000 };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const benchmarks: Benchmark[] = [
  {
    name: 'sync.hub_mutations_per_s',
    unit: 'changes/s',
    budget: { op: '>=', value: 5_000 },
    // Four workstations of one organization pushing 500-change batches at once.
    async run() {
      const hub = await benchHub();
      try {
        const devices = await Promise.all([1, 2, 3, 4].map(() => rawDevice(hub)));
        const batches = 10;
        const started = performance.now();
        await Promise.all(
          devices.map(async (d, i) => {
            for (let b = 0; b < batches; b++) await d.push(Array.from({ length: 500 }, () => patientChange(`ws_${i}`)));
          }),
        );
        return (devices.length * batches * 500) / ((performance.now() - started) / 1000);
      } finally {
        await hub.close();
      }
    },
  },
  {
    name: 'sync.push_changes_per_s',
    unit: 'changes/s',
    budget: { op: '>=', value: 10_000 },
    // A workstation back from an outage with 10,000 queued changes: outbox to hub, acknowledged.
    async run() {
      const hub = await benchHub();
      const pushes: Array<[number, number]> = [];
      // This process's CPU from the first push to the last answer: workstation and hub (not PostgreSQL's).
      let cpuAtFirst: NodeJS.CpuUsage | null = null;
      let cpuUsed: NodeJS.CpuUsage | null = null;
      const timed: Fetch = async (input, init) => {
        const push = (input instanceof Request ? input.url : input.toString()).includes('/v1/push');
        if (push) cpuAtFirst ??= process.cpuUsage();
        const started = performance.now();
        const res = await fetch(input, init);
        if (push) {
          await res.clone().arrayBuffer();
          pushes.push([started, performance.now()]);
          cpuUsed = process.cpuUsage(cpuAtFirst!);
        }
        return res;
      };
      const ws = await workstation(hub, { fetch: timed });
      try {
        ws.app.store.write((tx) => {
          for (let i = 0; i < 10_000; i++) {
            const change = patientChange(ws.app.store.deviceId);
            ws.app.store.recordChange(
              tx,
              { tableName: 'patients', rowId: change.rowId, op: 'insert', fields: change.fields },
              { userId: 'bench' },
            );
          }
        });
        const status = await ws.sync.syncNow();
        if (status.pending !== 0) throw new Error(`push left ${status.pending} pending: ${status.lastError}`);
        const seconds = (pushes.at(-1)![1] - pushes[0]![0]) / 1000;
        const cpu = cpuUsed as NodeJS.CpuUsage | null;
        process.stderr.write(
          `  push: 10,000 changes in ${pushes.length} pushes, ${seconds.toFixed(2)} s, ` +
            `CPU ${cpu ? ((cpu.user + cpu.system) / 1e6).toFixed(2) : '?'} s (workstation and hub; PostgreSQL's not in it)\n`,
        );
        return 10_000 / seconds;
      } finally {
        ws.dispose();
        await hub.close();
      }
    },
  },
  {
    name: 'sync.first_sync_rows_per_s',
    unit: 'rows/s',
    budget: { op: '>=', value: 50_000 },
    // A new workstation's first sync: every patient and appointment into its encrypted store.
    async run() {
      const hub = await benchHub();
      const ws = await workstation(hub);
      try {
        const rows = await seedHub(hub);
        const { ms, cpuMs } = await timedFirstSync(hub, ws, rows);
        // The hub runs in this process too: the CPU is both sides' (PostgreSQL's is not in it).
        process.stderr.write(
          `  first sync: ${rows.toLocaleString('en-US')} rows in ${(ms / 1000).toFixed(1)} s, CPU ${(cpuMs / 1000).toFixed(1)} s\n`,
        );
        return rows / (ms / 1000);
      } finally {
        ws.dispose();
        await hub.close();
      }
    },
  },
  {
    name: 'sync.vs_pouchdb_ratio',
    unit: `our time / PouchDB's, ${PATIENTS.toLocaleString('en-US')} patients (PouchDB: LevelDB on disk)`,
    budget: { op: '<=', value: 0.2 },
    // The same replication both ways, once per run (PouchDB's is slow): our first sync of
    // the patients into a fresh encrypted store, and PouchDB.replicate from express-pouchdb
    // into a fresh local database, both over loopback with the server in this process.
    async run() {
      const hub = await benchHub();
      const ws = await workstation(hub);
      let ours: { ms: number; cpuMs: number };
      try {
        ours = await timedFirstSync(hub, ws, await seedHub(hub, 0));
      } finally {
        ws.dispose();
        await hub.close();
      }
      const { pouchReplicationMs } = await import('./pouchdb-replication');
      const cpu = process.cpuUsage();
      const theirs = await pouchReplicationMs(PATIENTS);
      const { user, system } = process.cpuUsage(cpu);
      process.stderr.write(
        `  ${PATIENTS.toLocaleString('en-US')} patients: ours ${(ours.ms / 1000).toFixed(1)} s (CPU ${(ours.cpuMs / 1000).toFixed(1)} s), ` +
          `PouchDB ${(theirs / 1000).toFixed(1)} s (CPU with its seeding ${((user + system) / 1e6).toFixed(1)} s)\n`,
      );
      return ours.ms / theirs;
    },
  },
  {
    name: 'sync.propagation_p50_ms',
    unit: 'ms',
    budget: { op: '<=', value: 150 },
    // An edit on one workstation until it is in the other's store, notices on, over loopback.
    async run() {
      const hub = await benchHub();
      const a = await workstation(hub, { background: true });
      const b = await workstation(hub, { background: true });
      try {
        await sleep(500);
        const samples: number[] = [];
        const seen = b.app.store.sqlite.prepare('SELECT 1 FROM patients WHERE id = ?');
        for (let i = 0; i < 30; i++) {
          const change = patientChange(a.app.store.deviceId);
          const started = performance.now();
          a.app.store.write((tx) =>
            a.app.store.recordChange(
              tx,
              { tableName: 'patients', rowId: change.rowId, op: 'insert', fields: change.fields },
              { userId: 'bench' },
            ),
          );
          a.sync.nudge();
          while (!seen.get(change.rowId)) {
            if (performance.now() - started > 10_000) throw new Error('an edit did not arrive within 10 s');
            await sleep(1);
          }
          samples.push(performance.now() - started);
          await sleep(20);
        }
        return median(samples);
      } finally {
        await a.sync.stop();
        await b.sync.stop();
        a.dispose();
        b.dispose();
        await hub.close();
      }
    },
  },
];
