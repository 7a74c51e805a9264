import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Fetch } from '../../src-main/sync/hub-client';
import { PageWriter, type PageOutcome } from '../../src-main/sync/page-writer';
import { createClinic, startTestHub, type Clinic, type TestHub } from '../support/hub';
import { freshCareDesk, type TestCareDesk } from '../support/store';

/*
 * The page writer writes a page's rows in the page's order (decision 0160 tried gathering
 * them per table into statements of many rows, and kept one run per row): a row that
 * refers to another table's row (a patient's phone) lands after it, so a page of patients
 * and their phones is the writer's, not the main thread's after a broken foreign key.
 */

const PATIENTS = 300;
/** An odd page size, so the pages after the first start with a phone, ahead of the next patient. */
const PAGE = 99;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());
afterEach(() => vi.restoreAllMocks());

/** Patient n at 2n - 1 in the hub's feed and their phone right after it, at 2n. */
async function seedPatientsWithPhones(clinic: Clinic): Promise<void> {
  await hub.query(
    `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
     SELECT $1, 'patients', 'p' || g,
       jsonb_build_object('mrn', 'MRN-' || g, 'firstName', 'Phoned',
         'lastName', 'Patient' || translate(g::text, '0123456789', 'abcdefghij'),
         'dateOfBirth', '1970-01-01', 'phone', '+16175550100', 'createdAt', '2026-01-05T13:00:00.000Z',
         'updatedAt', '2026-01-05T13:00:00.000Z'),
       '{}'::jsonb, 2 * g - 1
     FROM generate_series(1, $2) AS g`,
    [clinic.orgId, PATIENTS],
  );
  await hub.query(
    `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
     SELECT $1, 'patient_phones', 'ph' || g,
       jsonb_build_object('patientId', 'p' || g, 'slot', 0, 'number', '+1617555' || lpad(g::text, 4, '0'),
         'type', 'mobile', 'textOk', true, 'voicemailOk', false),
       '{}'::jsonb, 2 * g
     FROM generate_series(1, $2) AS g`,
    [clinic.orgId, PATIENTS],
  );
  await hub.query('UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1', [clinic.orgId, 2 * PATIENTS]);
}

async function newWorkstation(clinic: Clinic): Promise<TestCareDesk> {
  const hubFetch: Fetch = (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.pathname === '/v1/pull') url.searchParams.set('limit', String(PAGE));
    return fetch(url, init);
  };
  const ws = freshCareDesk({ hubUrl: hub.url, hubFetch, syncInBackground: false });
  await ws.sync!.enroll(await clinic.enrollmentCode(), 'phones');
  await ws.sync!.signIn(clinic.username, clinic.password);
  return ws;
}

describe('a first sync of patients with their phones', () => {
  it('lands on the page writer with every phone after its patient', async () => {
    const clinic = await createClinic(hub, 'Phoned');
    await seedPatientsWithPhones(clinic);
    const apply = vi.spyOn(PageWriter.prototype, 'apply');
    const ws = await newWorkstation(clinic);
    try {
      expect((await ws.sync!.syncNow()).state).toBe('online');
      const outcomes: PageOutcome[] = await Promise.all(apply.mock.results.map((r) => r.value as Promise<PageOutcome>));
      // No page fell back to the main thread for a phone written before its patient.
      expect(outcomes.length).toBeGreaterThanOrEqual(1);
      expect(new Set(outcomes)).toEqual(new Set(['applied']));
      const counts = ws.store.sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM patients) AS patients, (SELECT count(*) FROM patient_phones) AS phones,
             (SELECT count(*) FROM patient_phones ph JOIN patients p ON p.id = ph.patient_id) AS phonesWithPatient,
             (SELECT count(*) FROM patients_fts) AS indexed, (SELECT count(*) FROM sync_parked) AS parked`,
        )
        .get();
      expect(counts).toEqual({
        patients: PATIENTS,
        phones: PATIENTS,
        phonesWithPatient: PATIENTS,
        indexed: PATIENTS,
        parked: 0,
      });
      // The last patient, on the last page, is found by name.
      expect(ws.patients.search('patientdaa', 10).map((p) => p.id)).toEqual(['p300']);
      expect(ws.store.sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(ws.store.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      ws.dispose();
    }
  });
});
