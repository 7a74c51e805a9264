import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import type { Role } from '../../src-shared/roles';
import { buildHub, type HubOptions } from '../../src-server/app';
import { openHubDatabase, type HubDatabase } from '../../src-server/db/connect';
import { createOrganization, createUser, issueEnrollmentCode } from '../../src-server/admin/tenants';
import { enrolledWorkstation, type TestWorkstation } from './workstation';

/** A hub over a database of its own in the test PostgreSQL server, listening on loopback. */
export interface TestHub {
  url: string;
  databaseUrl: string;
  database: HubDatabase;
  app: FastifyInstance;
  /** Every request the hub answered, as `METHOD /path` (no query), oldest first: what a workstation asked for. */
  requests: string[];
  /** Stops the HTTP server and starts a new one on the same port over the same database. */
  restart(): Promise<void>;
  /** Copies the hub's database as a backup would (the hub is stopped meanwhile); returns its name. */
  backup(): Promise<string>;
  /** Replaces the hub's database with a backup, as IT restoring from backup does. */
  restore(backupName: string): Promise<void>;
  /** Raw SQL against the hub's database, for assertions. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

export async function startTestHub(options: Partial<Omit<HubOptions, 'database'>> = {}): Promise<TestHub> {
  const admin = new URL(inject('pgAdminUrl'));
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin.href, `CREATE DATABASE ${name}`);
  const databaseUrl = new URL(admin.href);
  databaseUrl.pathname = `/${name}`;
  let database = await openHubDatabase({ url: databaseUrl.href });
  const requests: string[] = [];
  const build = async () => {
    const built = await buildHub({ database, rateLimitPerMinute: 100_000, authAttemptsPerMinute: 1_000, ...options });
    built.addHook('onRequest', (req, _reply, done) => {
      requests.push(`${req.method} ${req.url.split('?')[0]}`);
      done();
    });
    return built;
  };
  let app = await build();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  let pool = testPool(databaseUrl.href);
  const backups: string[] = [];
  // Copying a database needs every connection to it closed: the hub stops for it.
  const offline = async (work: () => Promise<void>) => {
    await app.close();
    await pool.end();
    await database.close();
    await work();
    database = await openHubDatabase({ url: databaseUrl.href });
    pool = testPool(databaseUrl.href);
    app = await build();
    await app.listen({ port, host: '127.0.0.1' });
    hub.app = app;
    hub.database = database;
  };
  const hub: TestHub = {
    url: `http://127.0.0.1:${port}`,
    databaseUrl: databaseUrl.href,
    database,
    app,
    requests,
    async restart() {
      await app.close();
      app = await build();
      await app.listen({ port, host: '127.0.0.1' });
      hub.app = app;
    },
    async backup() {
      const copy = `${name}_bak${backups.length}`;
      backups.push(copy);
      await offline(() => adminQuery(admin.href, `CREATE DATABASE ${copy} TEMPLATE ${name}`));
      return copy;
    },
    async restore(backupName) {
      await offline(async () => {
        await adminQuery(admin.href, `DROP DATABASE ${name} WITH (FORCE)`);
        await adminQuery(admin.href, `CREATE DATABASE ${name} TEMPLATE ${backupName}`);
      });
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async stop() {
      await app.close();
      await pool.end();
      await database.close();
      for (const db of [name, ...backups]) await adminQuery(admin.href, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    },
  };
  return hub;
}

/** The tests' own connections to the hub's database, for reading what the hub committed. */
function testPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle connection dropped by the server (a restart, a restore) leaves the pool; the
  // next query opens another. Unlistened, the drop would fail whichever test runs then.
  pool.on('error', () => undefined);
  return pool;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A clinic's history straight into the hub's feed, as if its workstations had pushed it
 * over months: patients 1…N (first name `firstName`, last name `lastName` and the number
 * spelled a–j, as search folds digits away), then M appointments. Row ids are `p<n>` and
 * `a<n>`, or random UUIDs (`ids: 'random'`) for rows that land all over the store's b-trees.
 */
export async function seedHubFeed(
  hub: TestHub,
  clinic: Clinic,
  feed: { patients: number; appointments: number; firstName: string; lastName: string; ids?: 'numbered' | 'random' },
): Promise<void> {
  const id = (prefix: string) => (feed.ids === 'random' ? 'gen_random_uuid()::text' : `'${prefix}' || g`);
  await hub.query(
    `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
     SELECT $1, 'patients', ${id('p')},
       jsonb_build_object('mrn', 'MRN-' || g, 'firstName', $3::text,
         'lastName', $4::text || translate(g::text, '0123456789', 'abcdefghij'),
         'dateOfBirth', '1970-01-01', 'phone', '+16175550100', 'createdAt', '2026-01-05T13:00:00.000Z',
         'updatedAt', '2026-01-05T13:00:00.000Z'),
       '{}'::jsonb, g
     FROM generate_series(1, $2) AS g`,
    [clinic.orgId, feed.patients, feed.firstName, feed.lastName],
  );
  await hub.query(
    `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
     SELECT $1, 'appointments', ${id('a')},
       jsonb_build_object('patientId', 'p' || g, 'providerId', 'prov' || (g % 10), 'typeId', 'type-1',
         'locationId', 'loc-1', 'startsAt', '2026-01-05T13:00:00.000Z', 'endsAt', '2026-01-05T13:30:00.000Z',
         'status', 'booked', 'hubState', 'confirmed', 'reason', '', 'notes', '', 'interpreterNeeded', false,
         'language', 'English', 'transportNeeded', false, 'resourceIds', '[]'::jsonb,
         'createdAt', '2026-01-05T13:00:00.000Z', 'updatedAt', '2026-01-05T13:00:00.000Z'),
       '{}'::jsonb, $2 + g
     FROM generate_series(1, $3) AS g`,
    [clinic.orgId, feed.patients, feed.appointments],
  );
  await hub.query('UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1', [
    clinic.orgId,
    feed.patients + feed.appointments,
  ]);
}

export const CLINIC_PASSWORD = 'clinic passphrase 2026';

export interface Clinic {
  orgId: string;
  username: string;
  password: string;
  enrollmentCode(): Promise<string>;
}

/** An organization with one coordinator account, as IT sets it up with `hub-admin`. */
export async function createClinic(hub: TestHub, name: string, role: Role = 'coordinator'): Promise<Clinic> {
  const org = await createOrganization(hub.database.db, name);
  const username = `coord.${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}`;
  await createUser(hub.database.db, {
    orgId: org.id,
    username,
    displayName: `${name} Coordinator`,
    role,
    password: CLINIC_PASSWORD,
  });
  return {
    orgId: org.id,
    username,
    password: CLINIC_PASSWORD,
    enrollmentCode: async () => (await issueEnrollmentCode(hub.database.db, org.id)).code,
  };
}

/** A test file's hub, each test's own clinic, and what the test opened, closed after it. */
export interface HubTests {
  readonly hub: TestHub;
  /** This test's clinic: a new organization per test (the sync worklist is a whole clinic's). */
  readonly clinic: Clinic;
  /** Disposes `opened` (a workstation, a store) once the test ends; returns it. */
  keep<T extends { dispose(): void }>(opened: T): T;
  /** A workstation enrolled with this test's clinic and signed in, disposed once the test ends. */
  workstation(name: string, options?: { background?: boolean }): Promise<TestWorkstation>;
}

/**
 * The hub set-up of a sync test file: one hub for the file, started before its tests
 * and stopped after them; when `clinicName` is given, a clinic of that name (numbered)
 * for each test, with a coordinator account (or `role`); and everything the test kept
 * disposed after it. Read `hub` and `clinic` inside tests and hooks, not at load.
 */
export function hubForEachTest(clinicName?: string, role: Role = 'coordinator'): HubTests {
  let hub: TestHub | undefined;
  let clinic: Clinic | undefined;
  let clinics = 0;
  const opened: Array<{ dispose(): void }> = [];
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub?.stop());
  if (clinicName) {
    beforeEach(async () => {
      clinic = await createClinic(tests.hub, `${clinicName} ${++clinics}`, role);
    });
  }
  afterEach(() => opened.splice(0).forEach((o) => o.dispose()));
  const tests: HubTests = {
    get hub() {
      if (!hub) throw new Error('The hub starts before the first test: read it inside a test or hook');
      return hub;
    },
    get clinic() {
      if (!clinic) throw new Error(clinicName ? 'Each test gets its clinic in beforeEach' : 'No clinic per test here');
      return clinic;
    },
    keep(o) {
      opened.push(o);
      return o;
    },
    async workstation(name, options = {}) {
      return tests.keep(await enrolledWorkstation(tests.hub, tests.clinic, name, options));
    },
  };
  return tests;
}
