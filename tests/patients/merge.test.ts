import { afterEach, describe, expect, it } from 'vitest';
import { having, matching } from './matchers';
import { intakeSchema } from '../../src-shared/patients/intake';
import { registerPatientReference } from '../../src-main/patients/references';
import { outbox } from '../../src-main/store/schema';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { minimalIntake } from './fixtures';

const apps: TestCareDesk[] = [];
afterEach(() => apps.splice(0).forEach((a) => a.dispose()));
const admin = { userId: 'u-admin' };

// Stands in for another feature's table that points at patients (a call log).
registerPatientReference({ table: 'merge_test_calls', column: 'patient_id', field: 'patientId' });

function twoRecordsOfOnePerson() {
  const app = freshCareDesk();
  apps.push(app);
  app.store.sqlite.exec('CREATE TABLE merge_test_calls (id TEXT PRIMARY KEY, patient_id TEXT NOT NULL)');
  const add = (first: string, dob: string, phone: string) =>
    app.patients.intake(
      { intake: intakeSchema.parse(minimalIntake(first, 'Abernathy', dob, phone)) },
      { userId: 'u1' },
    );
  const survivor = add('Eleanor', '02/11/1949', '617-555-0161');
  const duplicate = add('Nora', '11/02/1949', '617-555-0162');
  const calls = app.store.sqlite.prepare('INSERT INTO merge_test_calls VALUES (?, ?)');
  calls.run('call-1', duplicate.id);
  calls.run('call-2', duplicate.id);
  calls.run('call-3', survivor.id);
  const callsOf = (id: string) =>
    (app.store.sqlite.prepare('SELECT id FROM merge_test_calls WHERE patient_id = ? ORDER BY id').all(id) as Array<{ id: string }>).map((r) => r.id); // prettier-ignore
  return { app, survivor, duplicate, callsOf };
}

describe('merging two records of one patient', () => {
  it('re-points references, keeps both records, hides the merged one from search, and captures every change', () => {
    const { app, survivor, duplicate, callsOf } = twoRecordsOfOnePerson();
    const mark = app.store.db.select().from(outbox).all().length;
    const merge = app.patients.merge(
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person: Nora is her preferred name' },
      admin,
    );
    expect(callsOf(survivor.id)).toEqual(['call-1', 'call-2', 'call-3']);
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBe(survivor.id);
    // The merged record keeps its own data.
    expect(app.patients.get(duplicate.id).intake.identity.firstName).toBe('Nora');
    expect(app.patients.search('abernathy', 10).map((p) => p.id)).toEqual([survivor.id]);
    expect(app.patients.search('617-555-0162', 10)).toEqual([]);
    expect(app.patients.get(survivor.id).merges).toEqual([having({ id: merge.id, undoneAt: null })]);

    const changes = app.store.db.select().from(outbox).all().slice(mark);
    expect(changes.map((c) => `${c.tableName}:${c.op}:${c.rowId}`)).toEqual([
      'merge_test_calls:update:call-1',
      'merge_test_calls:update:call-2',
      `patients:update:${duplicate.id}`,
      `patient_merges:insert:${merge.id}`,
    ]);
  });

  it('an admin undoes it exactly: only the references it moved go back', () => {
    const { app, survivor, duplicate, callsOf } = twoRecordsOfOnePerson();
    const merge = app.patients.merge(
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same DOB swapped' },
      admin,
    );
    // A call logged for the survivor after the merge stays with the survivor.
    app.store.sqlite.prepare('INSERT INTO merge_test_calls VALUES (?, ?)').run('call-4', survivor.id);

    const undone = app.patients.unmerge(merge.id, admin);
    expect(undone.undoneAt).not.toBeNull();
    expect(callsOf(duplicate.id)).toEqual(['call-1', 'call-2']);
    expect(callsOf(survivor.id)).toEqual(['call-3', 'call-4']);
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBeNull();
    expect(app.patients.search('nora abernathy', 10).map((p) => p.id)).toEqual([duplicate.id]);
    expect(() => app.patients.unmerge(merge.id, admin)).toThrow(/No merge to undo/);
  });

  it('refuses nonsense merges and changes nothing', async () => {
    const { app, survivor, duplicate } = twoRecordsOfOnePerson();
    const before = app.store.db.select().from(outbox).all().length;
    expect(
      await app.router(
        'patients.merge',
        { survivorId: survivor.id, mergedId: survivor.id, reason: 'same person' },
        fromWindow,
      ),
    ).toMatchObject({ ok: false, error: { code: matching(/VALIDATION|FORBIDDEN/) } });
    app.patients.merge({ survivorId: survivor.id, mergedId: duplicate.id, reason: 'same person' }, admin);
    const mark = app.store.db.select().from(outbox).all().length;
    expect(() =>
      app.patients.merge({ survivorId: duplicate.id, mergedId: survivor.id, reason: 'again' }, admin),
    ).toThrow(/merged into another/);
    expect(() => app.patients.update(duplicate.id, intakeSchema.parse(minimalIntake('N', 'A', '01/01/1950', '6175550100')), admin)).toThrow(/merged/); // prettier-ignore
    expect(app.store.db.select().from(outbox).all().length).toBe(mark);
    expect(mark).toBeGreaterThan(before);
  });

  it('is not a coordinator’s to do: the router refuses it by role', async () => {
    const { app, survivor, duplicate } = twoRecordsOfOnePerson();
    const result = await app.router(
      'patients.merge',
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person' },
      fromWindow,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBeNull();
  });
});
