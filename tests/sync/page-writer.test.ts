import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Fetch } from '../../src-main/sync/hub-client';
import { PageWriter, type PageOutcome } from '../../src-main/sync/page-writer';
import { PULL_FORMAT_HEADER } from '../../src-shared/sync/protocol';
import { createClinic, seedHubFeed, startTestHub, type Clinic, type TestHub } from '../support/hub';
import { freshCareDesk, type TestCareDesk } from '../support/store';

/*
 * A pull of several pages applies its pages on the page writer, a worker thread with its
 * own connection (decisions 0143, 0163: the first page too, with a first sync's index
 * drop in its transaction), and any page that is not the
 * simple case (something parked, a local change not yet acknowledged, a row that breaks
 * a constraint, a delete the main thread must see) on the main thread as before. The
 * store ends the same either way.
 */

const PATIENTS = 250;
const APPOINTMENTS = 250;
/** Small pages, so a few hundred rows make a pull of several pages. */
const PAGE = 100;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());
afterEach(() => vi.restoreAllMocks());

/** The clinic's history in the hub's feed: patients, then appointments. */
const seed = (clinic: Clinic) =>
  seedHubFeed(hub, clinic, { patients: PATIENTS, appointments: APPOINTMENTS, firstName: 'Paged', lastName: 'Writer' });

/** A new workstation whose pulls ask for small pages; `onPull` runs as each pull answer arrives. */
async function newWorkstation(
  clinic: Clinic,
  onPull: (ws: TestCareDesk) => void = () => undefined,
  { hubBefore0145 = false, rowsAnswered = [] as string[] } = {},
) {
  let ws: TestCareDesk | null = null;
  const hubFetch: Fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.pathname === '/v1/pull') url.searchParams.set('limit', String(PAGE));
    // A hub older than decision 0145 does not know the format header: it answers rows as objects.
    const headers = new Headers(init?.headers);
    if (hubBefore0145) headers.delete(PULL_FORMAT_HEADER);
    const response = await fetch(url, { ...init, headers });
    if (url.pathname === '/v1/pull') {
      const { rows } = (await response.clone().json()) as { rows: unknown[] };
      if (rows.length > 0) rowsAnswered.push(Array.isArray(rows[0]) ? 'arrays' : 'objects');
    }
    if (url.pathname === '/v1/pull' && ws) onPull(ws);
    return response;
  };
  ws = freshCareDesk({ hubUrl: hub.url, hubFetch, syncInBackground: false });
  await ws.sync!.enroll(await clinic.enrollmentCode(), 'paged');
  await ws.sync!.signIn(clinic.username, clinic.password);
  return ws;
}

/** What the page writer answered for each page it was given, once the pull is over. */
function watchPageWriter(): () => Promise<PageOutcome[]> {
  const apply = vi.spyOn(PageWriter.prototype, 'apply');
  return () => Promise.all(apply.mock.results.map((result) => result.value as Promise<PageOutcome>));
}

function counts(ws: TestCareDesk) {
  return ws.store.sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM patients) AS patients, (SELECT count(*) FROM appointments) AS appointments,
         (SELECT count(*) FROM patients_fts) AS indexed, (SELECT cursor FROM sync_state) AS cursor,
         (SELECT count(*) FROM sync_parked) AS parked`,
    )
    .get();
}

/** The whole pull landed: every row once, every patient indexed, the store whole. */
function expectEveryRowOnce(ws: TestCareDesk): void {
  expect(counts(ws)).toEqual({
    patients: PATIENTS,
    appointments: APPOINTMENTS,
    indexed: PATIENTS,
    cursor: PATIENTS + APPOINTMENTS,
    parked: 0,
  });
  // Patient 249 arrived on the third page, written by the page writer.
  expect(ws.patients.search('writercej', 10).map((p) => p.lastName)).toEqual(['Writercej']);
  expect(ws.store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('a pull of several pages', () => {
  it('applies the pages on the page writer: every row once, every patient found', async () => {
    const clinic = await createClinic(hub, 'Paged');
    await seed(clinic);
    const outcomesOf = watchPageWriter();
    const rowsAnswered: string[] = [];
    const ws = await newWorkstation(clinic, () => undefined, { rowsAnswered });
    try {
      expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', progress: null });
      // This hub and workstation agree on format 2 (decision 0145).
      expect(new Set(rowsAnswered)).toEqual(new Set(['arrays']));
      const outcomes = await outcomesOf();
      // Every page on the writer, the first with the dropping of the indexes (decision 0163);
      // pages that arrive while it writes go together, in one transaction.
      expect(outcomes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(outcomes)).toEqual(new Set(['applied']));
      expectEveryRowOnce(ws);
    } finally {
      ws.dispose();
    }
  });

  it('from a hub that sends rows as objects (before decision 0145), lands the same rows the same way', async () => {
    const clinic = await createClinic(hub, 'Paged objects');
    await seed(clinic);
    const outcomesOf = watchPageWriter();
    const rowsAnswered: string[] = [];
    const ws = await newWorkstation(clinic, () => undefined, { hubBefore0145: true, rowsAnswered });
    try {
      expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', progress: null });
      expect(new Set(rowsAnswered)).toEqual(new Set(['objects']));
      expect(new Set(await outcomesOf())).toEqual(new Set(['applied']));
      expectEveryRowOnce(ws);
    } finally {
      ws.dispose();
    }
  });

  it('a patient saved here while pages are being written is saved, and every pulled row lands too', async () => {
    const clinic = await createClinic(hub, 'Paged save');
    await seed(clinic);
    const outcomesOf = watchPageWriter();
    const saved: string[] = [];
    // As each pull answer arrives the writer is usually writing the pages before it: the save waits for its commit.
    const ws = await newWorkstation(clinic, (app) => {
      const created = app.patients.create(
        { firstName: 'Saved', lastName: 'Duringsync', dateOfBirth: '1980-03-04', phone: '+16175550123' },
        { userId: 'test' },
      );
      saved.push(created.id);
    });
    try {
      expect((await ws.sync!.syncNow()).state).toBe('online');
      expect(new Set(await outcomesOf())).toEqual(new Set(['applied']));
      expect(saved.length).toBeGreaterThanOrEqual(5);
      const here = ws.store.sqlite.prepare(`SELECT id FROM patients WHERE last_name = 'Duringsync' ORDER BY id`).all();
      expect(here).toEqual([...saved].sort().map((id) => ({ id })));
      expect(counts(ws)).toMatchObject({ patients: PATIENTS + saved.length, appointments: APPOINTMENTS });
    } finally {
      ws.dispose();
    }
  });

  it('a page with a local change not yet acknowledged goes to the main thread, and the change stays on top', async () => {
    const clinic = await createClinic(hub, 'Paged local change');
    await seed(clinic);
    const outcomesOf = watchPageWriter();
    let changed = false;
    const ws = await newWorkstation(clinic, (app) => {
      if (changed) return;
      changed = true;
      // Made here while the first page arrives (its push is long over): p180 is on the second page.
      app.store.write((tx) =>
        app.store.recordChange(
          tx,
          { tableName: 'patients', rowId: 'p180', op: 'update', fields: { lastName: 'Localname' } },
          { userId: 'test' },
        ),
      );
    });
    try {
      const status = await ws.sync!.syncNow();
      expect(status.state).toBe('online');
      const outcomes = await outcomesOf();
      // The first page lands on the writer; the write with p180's page is declined and the
      // main thread applies its pages one by one; the writer takes the rest.
      expect(outcomes[0]).toBe('applied');
      expect(outcomes[1]).toBe('declined');
      expect(outcomes.slice(2).every((o) => o === 'applied')).toBe(true);
      const row = ws.store.sqlite.prepare(`SELECT last_name AS lastName FROM patients WHERE id = 'p180'`).get();
      expect(row).toEqual({ lastName: 'Localname' });
      expect(counts(ws)).toMatchObject({ patients: PATIENTS, appointments: APPOINTMENTS, indexed: PATIENTS });
    } finally {
      ws.dispose();
    }
  });

  it('a row that breaks a constraint on a writer page is parked by the main thread; the rest of the page lands', async () => {
    const clinic = await createClinic(hub, 'Paged constraint');
    await seed(clinic);
    // p150 takes p20's record number: the store refuses it (unique MRN) until p20's changes.
    await hub.query(
      `UPDATE records SET fields = (fields::jsonb || '{"mrn": "MRN-20"}')::json WHERE org_id = $1 AND row_id = 'p150'`,
      [clinic.orgId],
    );
    const outcomesOf = watchPageWriter();
    const ws = await newWorkstation(clinic);
    try {
      expect((await ws.sync!.syncNow()).state).toBe('online');
      const outcomes = await outcomesOf();
      // The first page lands on the writer; p150's page is declined and parked by the main thread.
      expect(outcomes[0]).toBe('applied');
      expect(outcomes[1]).toBe('declined');
      // Once something is parked, every later page is the main thread's (it may unpark it).
      expect(outcomes.slice(2).every((o) => o === 'declined')).toBe(true);
      expect(counts(ws)).toEqual({
        patients: PATIENTS - 1,
        appointments: APPOINTMENTS,
        indexed: PATIENTS - 1,
        cursor: PATIENTS + APPOINTMENTS,
        parked: 1,
      });
      expect(ws.store.sqlite.prepare('SELECT row_id AS rowId FROM sync_parked').get()).toEqual({ rowId: 'p150' });
    } finally {
      ws.dispose();
    }
  });

  it('a page with a deleted patient is applied on the main thread, which drops the patient from search', async () => {
    const clinic = await createClinic(hub, 'Paged delete');
    await seed(clinic);
    // p5 arrives on the first page; its deletion comes last in the feed, on the last page.
    await hub.query(
      `UPDATE records SET deleted = true, fields = '{}'::jsonb, version = $2 + 1
       WHERE org_id = $1 AND row_id = 'p5'`,
      [clinic.orgId, PATIENTS + APPOINTMENTS],
    );
    await hub.query('UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1', [
      clinic.orgId,
      PATIENTS + APPOINTMENTS + 1,
    ]);
    const outcomesOf = watchPageWriter();
    const ws = await newWorkstation(clinic);
    try {
      expect((await ws.sync!.syncNow()).state).toBe('online');
      const outcomes = await outcomesOf();
      // The page with the deletion on the main thread, the others on the writer.
      expect(outcomes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(outcomes)).toEqual(new Set(['applied']));
      expect(counts(ws)).toMatchObject({ patients: PATIENTS - 1, indexed: PATIENTS - 1, parked: 0 });
      // p5 was "Writerf"; p50…p59 ("Writerfa"…) are still found.
      const found = ws.patients.search('writerf', 50).map((p) => p.lastName);
      expect(found).toHaveLength(10);
      expect(found).not.toContain('Writerf');
    } finally {
      ws.dispose();
    }
  });

  it('a pulled record that does not name a field clears it here, on the page writer and on the main thread', async () => {
    const clinic = await createClinic(hub, 'Paged unnamed fields');
    await seed(clinic);
    const ws = await newWorkstation(clinic);
    try {
      expect((await ws.sync!.syncNow()).state).toBe('online');
      // Values here that the hub's records do not have (a refused edit, say, that the hub puts back).
      ws.store.sqlite.exec(
        `UPDATE appointments SET cancel_reason = 'Snow', telehealth_url = 'https://visit.example/a10' WHERE id = 'a10';
         UPDATE patients SET middle_name = 'Quinn', email = 'quinn@example.org' WHERE id = 'p10'`,
      );
      // The hub sends every appointment again (pages of rows already here, on the writer),
      // then p10 (a patient already here: the main thread), none naming those fields.
      const last = PATIENTS + APPOINTMENTS;
      await hub.query(`UPDATE records SET version = version + $2 WHERE org_id = $1 AND table_name = 'appointments'`, [
        clinic.orgId,
        APPOINTMENTS,
      ]);
      await hub.query(`UPDATE records SET version = $2 + 1 WHERE org_id = $1 AND row_id = 'p10'`, [
        clinic.orgId,
        last + APPOINTMENTS,
      ]);
      await hub.query('UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1', [
        clinic.orgId,
        last + APPOINTMENTS + 1,
      ]);
      const outcomesOf = watchPageWriter();
      expect((await ws.sync!.syncNow()).state).toBe('online');
      expect(await outcomesOf()).toContain('applied');
      expect(
        ws.store.sqlite
          .prepare(`SELECT cancel_reason, telehealth_url, status FROM appointments WHERE id = 'a10'`)
          .get(),
      ).toEqual({ cancel_reason: null, telehealth_url: null, status: 'booked' });
      expect(ws.store.sqlite.prepare(`SELECT middle_name, email, mrn FROM patients WHERE id = 'p10'`).get()).toEqual({
        middle_name: null,
        email: null,
        mrn: 'MRN-10',
      });
      expect(counts(ws)).toMatchObject({ patients: PATIENTS, appointments: APPOINTMENTS, parked: 0 });
    } finally {
      ws.dispose();
    }
  });

  it.each([
    ['on the page writer', 'applied'],
    ['on the main thread when the page writer cannot', 'failed'],
  ] as const)('builds the indexes the first sync deferred %s: the store ends with every index', async (_, outcome) => {
    const clinic = await createClinic(hub, `Paged indexes ${outcome}`);
    await seed(clinic);
    const builds: PageOutcome[] = [];
    // The indexes each transaction on the writer built.
    const built: string[][] = [];
    const { run } = PageWriter.prototype as { run: (this: PageWriter, statements: string[]) => Promise<PageOutcome> };
    vi.spyOn(PageWriter.prototype, 'run').mockImplementation(async function (this: PageWriter, statements) {
      const answer = outcome === 'applied' ? await run.call(this, statements) : 'failed';
      builds.push(answer);
      const named = [...statements.join('\n').matchAll(/CREATE INDEX [`"](\w+)[`"]/g)].map((m) => m[1]!);
      if (named.length > 0) built.push(named);
      return answer;
    });
    const indexesOf = (app: TestCareDesk) =>
      app.store.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all();
    const fresh = freshCareDesk();
    const ws = await newWorkstation(clinic);
    try {
      expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', progress: null });
      // One index per transaction on the writer; after a refusal, the rest here.
      expect(builds.length).toBeGreaterThanOrEqual(1);
      expect(new Set(builds)).toEqual(new Set([outcome]));
      expect(indexesOf(ws)).toEqual(indexesOf(fresh));
      expect(
        ws.store.sqlite.prepare(`SELECT count(*) AS n FROM store_meta WHERE key = 'deferred_indexes'`).get(),
      ).toEqual({
        n: 0,
      });
      expect(counts(ws)).toMatchObject({ patients: PATIENTS, appointments: APPOINTMENTS, indexed: PATIENTS });
      // The schedule's queries use the rebuilt indexes.
      const plan = ws.store.sqlite
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM appointments WHERE patient_id = ? ORDER BY starts_at`)
        .all('p1') as Array<{ detail: string }>;
      expect(plan.map((step) => step.detail).join(' ')).toContain('appointments_patient_time');
      expect(ws.store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      if (outcome === 'applied') {
        // A save made during the build waits for one index of a table with rows at most
        // (decision 0146); the indexes of the tables the pull left empty went in one (0164).
        const tableOf = (index: string) =>
          (
            fresh.store.sqlite.prepare(`SELECT tbl_name FROM sqlite_master WHERE name = ?`).get(index) as {
              tbl_name: string;
            }
          ).tbl_name;
        const withRows = (index: string) =>
          ws.store.sqlite.prepare(`SELECT 1 FROM "${tableOf(index)}" LIMIT 1`).get() !== undefined;
        for (const names of built) if (names.some(withRows)) expect(names).toHaveLength(1);
        expect(built.filter((names) => !names.some(withRows))).toHaveLength(1);
        expect(built.flat()).toContain('appointments_patient_time');
      }
    } finally {
      ws.dispose();
      fresh.dispose();
    }
  });
});
