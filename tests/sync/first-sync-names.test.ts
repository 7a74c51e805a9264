import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareDesk } from '../../src-main/services';
import { MAX_PULL_PAGE } from '../../src-shared/sync/protocol';
import { createClinic, seedHubFeed, startTestHub, type Clinic, type TestHub } from '../support/hub';
import { enrolledWorkstation } from '../support/workstation';
import { killableWorkstation } from './killed-workstation';

/*
 * A first sync writes the patients' name index once, at its end, instead of with every
 * page (decision 0168): search must still find every pulled patient by every name, after
 * the sync and after a sync cut off by a kill.
 */
const PATIENTS = MAX_PULL_PAGE + 2_000;
const APPOINTMENTS = 1_000;
const CHILD = fileURLToPath(new URL('./fixtures/first-sync-workstation.ts', import.meta.url));

/** Names SQL cannot fold as search does (accents, apostrophes, hyphens, odd spacing), and plain ones. */
const NAMED = [
  { firstName: 'Zoë', lastName: 'Ångström', finds: ['zoe angstrom', 'ångström'] },
  { firstName: 'Siobhán', lastName: "O'Connor", finds: ['oconnor', 'o connor', 'siobhan'] },
  { firstName: 'Mary  Ann', lastName: 'Smith-Jones', finds: ['mary ann', 'smith jones'] },
  { firstName: 'Robert', preferredName: 'Bobby', middleName: 'Lee', lastName: 'Quillfeather', finds: ['bobby quill'] },
  { firstName: 'Anh', middleName: '', lastName: 'Nguyen2', finds: ['anh nguyen2'] },
  { firstName: 'Łukasz', lastName: 'Żółkiewski', finds: ['lukasz zolkiewski'] },
];

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.stop());

/** The clinic's feed: plain generated patients and appointments, then the named patients and one merged record. */
async function seedClinic(clinic: Clinic): Promise<void> {
  await seedHubFeed(hub, clinic, {
    patients: PATIENTS,
    appointments: APPOINTMENTS,
    firstName: 'Seeded',
    lastName: 'Names',
    ids: 'random',
  });
  const rows = [
    ...NAMED.map(({ finds: _finds, ...names }, i) => ({ id: `named-${i}`, fields: names })),
    // Merged into the first named patient: search lists the survivor only.
    { id: 'merged-away', fields: { firstName: 'Vesper', lastName: 'Merged', mergedInto: 'named-0' } },
  ];
  let seq = PATIENTS + APPOINTMENTS;
  for (const { id, fields } of rows) {
    seq++;
    await hub.query(
      `INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, version)
       VALUES ($1, 'patients', $2, $3::jsonb, '{}'::jsonb, $4)`,
      [
        clinic.orgId,
        id,
        JSON.stringify({
          mrn: `MRN-9${seq}`,
          dateOfBirth: '1980-02-03',
          phone: '+16175550111',
          createdAt: '2026-01-05T13:00:00.000Z',
          updatedAt: '2026-01-05T13:00:00.000Z',
          ...fields,
        }),
        seq,
      ],
    );
  }
  await hub.query('UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1', [clinic.orgId, seq]);
}

/** The ids search finds for `text`. */
const found = (app: Pick<CareDesk, 'patients'>, text: string) => app.patients.search(text, 20).map((p) => p.id);

/** Every patient in the store is found by its last name, and the index holds one row per unmerged patient. */
function expectEveryPatientFound(app: CareDesk): void {
  const stored = app.store.sqlite
    .prepare(`SELECT id, last_name AS lastName FROM patients WHERE merged_into IS NULL ORDER BY rowid`)
    .all() as Array<{ id: string; lastName: string }>;
  // A generated last name is "Names" + the patient's number in letters; search reads words as
  // prefixes, so the names of patients 1,000 and up are each found among a few (12,000: 11 in all).
  for (const { id, lastName } of stored.filter((p) => /^Names[a-j]{4}/.test(p.lastName)))
    expect(found(app, lastName)).toContain(id);
  const { indexed } = app.store.sqlite.prepare('SELECT count(*) AS indexed FROM patients_fts').get() as {
    indexed: number;
  };
  expect(indexed).toBe(stored.length);
}

describe('the name index after a first sync', () => {
  it('finds every pulled patient by every name they go by, and a merged record only as its survivor', async () => {
    const clinic = await createClinic(hub, 'Names Clinic');
    await seedClinic(clinic);
    const ws = await enrolledWorkstation(hub, clinic, 'new workstation');
    try {
      expect(await ws.sync.syncNow()).toMatchObject({ state: 'online', progress: null });
      NAMED.forEach(({ finds }, i) => {
        for (const text of finds) expect(found(ws, text), text).toEqual([`named-${i}`]);
      });
      expect(found(ws, 'vesper')).toEqual([]);
      expect(found(ws, 'zoe')).toEqual(['named-0']);
      expectEveryPatientFound(ws);

      // Pulled later by an incremental sync: a rename, found by the new name at once.
      await hub.query(
        `UPDATE records SET fields = (fields::jsonb || '{"lastName": "Thistlewood"}'::jsonb)::json, version = $2
         WHERE org_id = $1 AND row_id = 'named-3'`,
        [clinic.orgId, PATIENTS + APPOINTMENTS + NAMED.length + 2],
      );
      await hub.query('UPDATE org_sequences SET last_seq = $2 WHERE org_id = $1', [
        clinic.orgId,
        PATIENTS + APPOINTMENTS + NAMED.length + 2,
      ]);
      await ws.sync.syncNow();
      expect(found(ws, 'thistlewood')).toEqual(['named-3']);
      expect(found(ws, 'quillfeather')).toEqual([]);
    } finally {
      ws.dispose();
    }
  }, 120_000);

  it('killed during a first sync, reopens and finds every patient that landed, then all of them', async () => {
    const clinic = await createClinic(hub, 'Names Killed');
    await seedClinic(clinic);
    const workstation = await killableWorkstation(hub, clinic, 'new workstation');
    try {
      // Killed while the first page lands, while the second does, and later.
      for (const at of [
        { pulls: 1, ms: 150 },
        { pulls: 2, ms: 100 },
      ]) {
        let pulls = 0;
        await workstation.runUntilKilled(CHILD, (line) => (line === 'pulled' && ++pulls === at.pulls ? at.ms : null));
        // Searched before anything else runs: nothing that landed is missed.
        const app = workstation.open();
        try {
          expectEveryPatientFound(app);
        } finally {
          app.close();
        }
      }
      const app = workstation.open();
      try {
        expect(await app.sync!.syncNow()).toMatchObject({ state: 'online', progress: null });
        expectEveryPatientFound(app);
        expect(found(app, 'oconnor')).toEqual(['named-1']);
        const { n } = app.store.sqlite.prepare('SELECT count(*) AS n FROM patients').get() as { n: number };
        expect(n).toBe(PATIENTS + NAMED.length + 1);
      } finally {
        app.close();
      }
    } finally {
      workstation.dispose();
    }
  }, 240_000);
});
