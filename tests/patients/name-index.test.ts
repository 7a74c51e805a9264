import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startCareDesk, type CareDesk } from '../../src-main/services';
import { intakeSchema, type Intake } from '../../src-shared/patients/intake';
import type { Patient } from '../../src-shared/patients/schemas';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';
import { addUser, freshCareDesk, fromWindow, TEST_ORIGIN, type TestCareDesk } from '../support/store';
import { minimalIntake } from './fixtures';
import { eq } from 'drizzle-orm';
import { insertPatient, patients } from '../../src-main/patients/table';
import { featureAppliers } from '../../src-main/sync/feature-appliers';

// The name index is kept a little behind the saves (decision 0033): these are the
// promises that makes to a coordinator.

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

function clinic(): TestCareDesk {
  const app = freshCareDesk({ signedInAs: 'admin' });
  disposers.push(() => app.dispose());
  return app;
}

const intakeOf = (first: string, last: string, dob: string, phone: string): Intake =>
  intakeSchema.parse(minimalIntake(first, last, dob, phone));

async function search(app: CareDesk, query: string): Promise<string[]> {
  const r = await app.router('patients.search', { query, limit: 10 }, fromWindow);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as Patient[]).map((p) => p.id);
}

/** Whether the name index itself holds the patient yet (not what search shows). */
const indexed = (app: CareDesk, id: string) =>
  app.store.sqlite.prepare('SELECT count(*) AS n FROM patients_fts WHERE patient_id = ?').get(id) as { n: number };

describe('the patient name index, kept behind the saves', () => {
  it('finds a patient by name the moment the save returns', async () => {
    const app = clinic();
    const saved = await app.router(
      'patients.intake',
      { intake: minimalIntake('Oluwaseun', 'Adeyemi-Park', '02/29/1984', '6175550123') },
      fromWindow,
    );
    if (!saved.ok) throw new Error(saved.error.message);
    const id = (saved.value as Patient).id;
    // The save's own commit did not write the index: the search in the next breath catches it up.
    expect(indexed(app, id).n).toBe(0);
    expect(await search(app, 'oluwa adey')).toEqual([id]);
    expect(await search(app, 'Adeyemi-Park Oluwaseun')).toEqual([id]);
    expect(indexed(app, id).n).toBe(1);
  });

  it('finds a patient saved by a workstation killed right after the save committed', async () => {
    const app = freshCareDesk();
    disposers.push(() => rmSync(app.dataDir, { recursive: true, force: true }));
    app.close();

    const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/patients/saved-then-killed.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, CAREDESK_TEST_DIR: app.dataDir, CAREDESK_DB_KEY: app.key.toString('hex') },
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    const id = child.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const again = startCareDesk({
      dataDir: app.dataDir,
      key: app.key,
      trustedOrigins: [TEST_ORIGIN],
      bootstrapAdmin: '',
      scryptCost: MINIMUM_SCRYPT_COST,
    });
    disposers.unshift(() => again.close());
    again.session.openFor(addUser(again, 'coordinator', 'maria').username);
    // Killed between the commit and the index: the patient is saved, the index is behind.
    expect(indexed(again, id).n).toBe(0);
    expect(await search(again, 'wilhelmina okonkwo')).toEqual([id]);
  });

  it('finds a patient by the new name after an edit, and no longer by the old one', async () => {
    const app = clinic();
    const actor = { userId: 'u1' };
    const p = app.patients.intake({ intake: intakeOf('Gwendolyn', 'Farquharson', '05/06/1971', '6175550155') }, actor);
    expect(await search(app, 'gwendolyn farq')).toEqual([p.id]);

    const edited = intakeOf('Gwendolyn', 'Farquharson', '05/06/1971', '6175550155');
    edited.identity.lastName = 'Abernathy';
    edited.identity.preferredName = 'Wendy';
    app.patients.update(p.id, edited, actor);
    expect(await search(app, 'farquharson')).toEqual([]);
    expect(await search(app, 'gwendolyn abernathy')).toEqual([p.id]);
    expect(await search(app, 'wendy aber')).toEqual([p.id]);

    // Edited again before the index caught up: the last names are the ones found.
    edited.identity.lastName = 'Castellanos';
    app.patients.update(p.id, edited, actor);
    edited.identity.firstName = 'Guinevere';
    app.patients.update(p.id, edited, actor);
    expect(await search(app, 'abernathy')).toEqual([]);
    expect(await search(app, 'gwendolyn')).toEqual([]);
    expect(await search(app, 'guinevere castellanos')).toEqual([p.id]);
  });

  it('finds a patient created and edited before any search by the edited name only', async () => {
    const app = clinic();
    const actor = { userId: 'u1' };
    const p = app.patients.intake({ intake: intakeOf('Bartholomew', 'Quist', '07/08/1990', '6175550166') }, actor);
    const edited = intakeOf('Bartholomew', 'Quisling', '07/08/1990', '6175550166');
    app.patients.update(p.id, edited, actor);
    expect(await search(app, 'quist')).toEqual([]);
    expect(await search(app, 'bartholomew quisling')).toEqual([p.id]);
  });

  it('after a merge finds the survivor only; after its undo, both again', async () => {
    const app = clinic();
    const actor = { userId: 'u1' };
    const survivor = app.patients.intake(
      { intake: intakeOf('Persephone', 'Vandermeer', '09/10/1955', '6175550177') },
      actor,
    );
    const duplicate = app.patients.intake(
      {
        intake: intakeOf('Persephone', 'Vandermeer', '09/10/1955', '6175550178'),
        duplicateReview: { candidateIds: [survivor.id], reason: 'test: a second record of the same person' },
      },
      actor,
    );
    expect((await search(app, 'persephone vandermeer')).sort()).toEqual([survivor.id, duplicate.id].sort());

    const merged = await app.router(
      'patients.merge',
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'same person' },
      fromWindow,
    );
    if (!merged.ok) throw new Error(merged.error.message);
    expect(await search(app, 'persephone vandermeer')).toEqual([survivor.id]);
    expect(indexed(app, duplicate.id).n).toBe(0);

    const undone = await app.router('patients.unmerge', { mergeId: (merged.value as { id: string }).id }, fromWindow);
    if (!undone.ok) throw new Error(undone.error.message);
    expect((await search(app, 'persephone vandermeer')).sort()).toEqual([survivor.id, duplicate.id].sort());
  });

  it('a chain of merges finds the last survivor only; undone in order, each record comes back', async () => {
    const app = clinic();
    const actor = { userId: 'u1' };
    const register = (phone: string, candidateIds: string[]) =>
      app.patients.intake(
        {
          intake: intakeOf('Thaddeus', 'Oyelaran', '01/15/1966', phone),
          duplicateReview: candidateIds.length ? { candidateIds, reason: 'test: records of one person' } : undefined,
        },
        actor,
      );
    const a = register('6175550191', []);
    const b = register('6175550192', [a.id]);
    const c = register('6175550193', [a.id, b.id]);
    const first = app.patients.merge({ survivorId: b.id, mergedId: c.id, reason: 'same person' }, actor);
    const second = app.patients.merge({ survivorId: a.id, mergedId: b.id, reason: 'same person' }, actor);
    expect(await search(app, 'thaddeus oyelaran')).toEqual([a.id]);
    app.patients.unmerge(second.id, actor);
    expect((await search(app, 'thaddeus oyelaran')).sort()).toEqual([a.id, b.id].sort());
    app.patients.unmerge(first.id, actor);
    expect((await search(app, 'thaddeus oyelaran')).sort()).toEqual([a.id, b.id, c.id].sort());
  });

  it('finds a patient saved here once, also when sync brought the same record back before the index caught up', async () => {
    const app = clinic();
    const actor = { userId: 'u1' };
    // Saved in one batch (an import): noted as new, none of them indexed yet.
    const [a, b] = app.store.write((tx) => [
      insertPatient(app.store, tx, intakeOf('Ottoline', 'Vasquez-Rhee', '03/04/1962', '6175550171'), actor),
      insertPatient(app.store, tx, intakeOf('Ptolemy', 'Vasquez-Rhee', '03/04/1962', '6175550172'), actor),
    ]);
    // The hub echoes the first back with an edit from another workstation; sync's applier
    // writes its index row as the page lands, ahead of the catch-up.
    app.store.write((tx) =>
      featureAppliers()
        .get('patients')!
        .upsert({ tx, sqlite: app.store.sqlite }, a.id, { ...a, preferredName: 'Otto' }),
    );
    expect(indexed(app, a.id).n).toBe(1);
    expect((await search(app, 'vasquez-rhee')).sort()).toEqual([a.id, b.id].sort());
    expect(await search(app, 'otto vasq')).toEqual([a.id]);
    expect(indexed(app, a.id).n).toBe(1);
    expect(indexed(app, b.id).n).toBe(1);
  });

  it('finds every patient of a large import once, also those edited or brought back by sync before any search', async () => {
    const app = clinic();
    const actor = { userId: 'u1' };
    const letters = (n: number): string =>
      (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
    // More than one catch-up chunk (5,000), in batches as an import writes them: one note
    // "from here on" covers a batch's patients (decision 0037).
    const ids: string[] = [];
    for (let batch = 0; batch < 3; batch++) {
      app.store.write((tx) => {
        for (let i = batch * 4_000; i < (batch + 1) * 4_000; i++) {
          const phone = `617555${String(i % 10_000).padStart(4, '0')}`;
          ids.push(
            insertPatient(app.store, tx, intakeOf('Imported', `Zq-${letters(i)}`, '05/06/1971', phone), actor).id,
          );
        }
      });
    }
    const edited = intakeOf('Imported', 'Renamed-After-Import', '05/06/1971', '6175550001');
    app.patients.update(ids[6_001]!, edited, actor);
    // Sync's applier writes an index row for a record the hub echoes back, ahead of the catch-up.
    const echoed = app.store.db.select().from(patients).where(eq(patients.id, ids[9_002]!)).get()!;
    app.store.write((tx) =>
      featureAppliers()
        .get('patients')!
        .upsert({ tx, sqlite: app.store.sqlite }, echoed.id, { ...echoed, preferredName: 'Echo' }),
    );

    // Three-letter names from index 702 on: none is the start of another.
    expect(await search(app, `zq-${letters(702)} imported`)).toEqual([ids[702]]);
    expect(await search(app, `zq-${letters(11_999)}`)).toEqual([ids[11_999]]);
    expect(await search(app, 'renamed-after-import')).toEqual([ids[6_001]]);
    expect(await search(app, `zq-${letters(6_001)}`)).toEqual([]);
    expect(await search(app, 'echo zq')).toEqual([ids[9_002]]);
    const rows = app.store.sqlite
      .prepare('SELECT count(*) AS n, count(DISTINCT patient_id) AS d FROM patients_fts')
      .get();
    expect(rows).toEqual({ n: 12_000, d: 12_000 });
  });

  it('catches up on its own once saves pause, without a search', async () => {
    const app = clinic();
    const p = app.patients.intake(
      { intake: intakeOf('Leopoldina', 'Strand', '11/12/1948', '6175550188') },
      { userId: 'u1' },
    );
    expect(indexed(app, p.id).n).toBe(0);
    await expect.poll(() => indexed(app, p.id).n, { timeout: 5_000 }).toBe(1);
  });
});
