import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { having, matching } from './matchers';
import { intakeSchema } from '../../src-shared/patients/intake';
import { newCallSchema } from '../../src-shared/calls/schemas';
import { auditEvents } from '../../src-main/audit/table';
import { callLogEntries } from '../../src-main/calls/table';
import { appointments, waitlistEntries } from '../../src-main/schedule/table';
import { seedDemoClinic } from '../../src-main/schedule/demo-seed';
import { tasks } from '../../src-main/tasks/table';
import { outbox } from '../../src-main/store/schema';
import { addUser, freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { minimalIntake } from './fixtures';

const apps: TestCareDesk[] = [];
afterEach(() => apps.splice(0).forEach((a) => a.dispose()));
const coordinator = { userId: 'u-coordinator', name: 'Casey Coordinator', displayName: 'Casey Coordinator', role: 'coordinator' as const, username: 'casey' }; // prettier-ignore

/**
 * One woman registered twice: Eleanor (the record to keep) and "Nora" with day and
 * month of birth swapped. Nora's record already has a booked visit, a callback task,
 * a waitlist entry and a logged call; Eleanor has a task of her own.
 */
function twoRecordsOfOnePerson() {
  const app = freshCareDesk();
  apps.push(app);
  const add = (first: string, dob: string, phone: string) =>
    app.patients.intake({ intake: intakeSchema.parse(minimalIntake(first, 'Abernathy', dob, phone)) }, coordinator);
  const survivor = add('Eleanor', '02/11/1949', '617-555-0161');
  const duplicate = add('Nora', '11/02/1949', '617-555-0162');
  const clinic = seedDemoClinic(app.store, {
    providers: 1,
    perProviderPerDay: 1,
    days: 2,
    createPatient: (p) => app.patients.create(p, coordinator).id,
  })!;
  app.schedule.setupChanged();
  // The demo's first booked visit becomes Nora's, as if booked under the duplicate record.
  const visit = app.store.db.select().from(appointments).limit(1).get()!;
  app.store.sqlite.prepare('UPDATE appointments SET patient_id = ? WHERE id = ?').run(duplicate.id, visit.id);

  const task = (patientId: string, title: string) =>
    app.tasks.create(
      {
        kind: 'callback',
        title,
        patientId,
        assignee: { kind: 'pool', pool: 'coordinators' },
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        priority: 'normal',
        source: null,
      },
      coordinator,
    );
  const noraTask = task(duplicate.id, 'Call Nora back about her results');
  const eleanorTask = task(survivor.id, 'Confirm Eleanor’s ride');
  const waiting = app.schedule.waitlistAdd(
    {
      patientId: duplicate.id,
      typeId: clinic.types.followUp.id,
      providerIds: [],
      earliestDate: clinic.today,
      latestDate: clinic.today,
      notes: 'Earlier if anything opens',
    },
    coordinator,
  );
  const started = new Date(Date.now() - 600_000).toISOString();
  const { call } = app.calls.log(
    newCallSchema.parse({
      direction: 'inbound',
      patientId: duplicate.id,
      callerKind: 'patient',
      reason: 'scheduling',
      outcome: 'resolved',
      startedAt: started,
      endedAt: new Date().toISOString(),
    }),
    coordinator,
  );

  const owner = {
    visit: () => app.store.db.select().from(appointments).where(eq(appointments.id, visit.id)).get()!.patientId,
    task: (id: string) => app.store.db.select().from(tasks).where(eq(tasks.id, id)).get()!.patientId,
    waiting: () => app.store.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, waiting.id)).get()!.patientId, // prettier-ignore
    call: () => app.store.db.select().from(callLogEntries).where(eq(callLogEntries.id, call.id)).get()!.patientId,
  };
  const ids = {
    visit: visit.id,
    noraTask: noraTask.id,
    eleanorTask: eleanorTask.id,
    waiting: waiting.id,
    call: call.id,
  };
  return { app, survivor, duplicate, owner, ids };
}

const signIn = (app: TestCareDesk, role: 'admin' | 'supervisor') => app.session.openFor(addUser(app, role).username);
const outboxLength = (app: TestCareDesk) => app.store.db.select().from(outbox).all().length;

describe('merging two records of one patient', () => {
  it('moves her visit, tasks and waitlist entry to the surviving record; keeps both charts and the call as logged', async () => {
    const { app, survivor, duplicate, owner, ids } = twoRecordsOfOnePerson();
    signIn(app, 'supervisor');
    const mark = outboxLength(app);
    const result = await app.router(
      'patients.merge',
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person: Nora is her preferred name' },
      fromWindow,
    );
    expect(result).toMatchObject({ ok: true });
    const merge = (result as { ok: true; value: { id: string } }).value;

    expect(owner.visit()).toBe(survivor.id);
    expect(owner.task(ids.noraTask)).toBe(survivor.id);
    expect(owner.task(ids.eleanorTask)).toBe(survivor.id);
    expect(owner.waiting()).toBe(survivor.id);
    // The call log is legal history: the entry stays with the record it was logged for.
    expect(owner.call()).toBe(duplicate.id);

    const nora = app.patients.get(duplicate.id);
    expect(nora.patient.mergedInto).toBe(survivor.id);
    expect(nora.intake.identity.firstName).toBe('Nora');
    expect(app.patients.search('abernathy', 10).map((p) => p.id)).toEqual([survivor.id]);
    expect(app.patients.search('617-555-0162', 10)).toEqual([]);
    // Her old MRN (on a letter, a referral) finds the record that survived.
    expect(app.patients.search(nora.patient.mrn, 10).map((p) => p.id)).toEqual([survivor.id]);
    expect(app.patients.get(survivor.id).merges).toEqual([having({ id: merge.id, undoneAt: null })]);

    // Every move is a captured change, in one transaction with the merge record.
    const changes = app.store.db.select().from(outbox).all().slice(mark);
    const moved = changes.filter((c) => c.op === 'update' && c.tableName !== 'patients');
    expect(moved.map((c) => `${c.tableName}:${c.rowId}`).sort()).toEqual(
      [
        `appointments:${ids.visit}`,
        `waitlist_entries:${ids.waiting}`,
        ...app.store.db
          .select()
          .from(tasks)
          .all()
          .filter((t) => t.id !== ids.eleanorTask)
          .map((t) => `tasks:${t.id}`),
      ].sort(),
    );
    expect(moved.every((c) => (JSON.parse(c.fields) as { patientId: string }).patientId === survivor.id)).toBe(true);
    expect(changes.map((c) => c.tableName)).toEqual(expect.arrayContaining(['patients', 'patient_merges']));

    // Audited, naming both records.
    const audit = app.store.db.select().from(auditEvents).all().at(-1)!;
    expect(audit).toMatchObject({ channel: 'patients.merge', username: 'test.supervisor' });
    expect(JSON.parse(audit.patientIds)).toEqual([survivor.id, duplicate.id]);
  });

  it('an admin undoes it exactly: what it moved goes back, what came later stays with the survivor', async () => {
    const { app, survivor, duplicate, owner, ids } = twoRecordsOfOnePerson();
    signIn(app, 'supervisor');
    const merge = app.patients.merge({ survivorId: survivor.id, mergedId: duplicate.id, reason: 'DOB day and month swapped' }, coordinator); // prettier-ignore
    // A task made for the survivor after the merge stays with the survivor.
    const later = app.tasks.create(
      {
        kind: 'other',
        title: 'Send Eleanor the welcome letter',
        patientId: survivor.id,
        assignee: { kind: 'pool', pool: 'coordinators' },
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
        priority: 'normal',
        source: null,
      },
      coordinator,
    );

    // A supervisor may merge but not undo.
    expect(await app.router('patients.unmerge', { mergeId: merge.id }, fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(owner.visit()).toBe(survivor.id);

    signIn(app, 'admin');
    const undone = await app.router('patients.unmerge', { mergeId: merge.id }, fromWindow);
    expect(undone).toMatchObject({ ok: true, value: { id: merge.id, undoneAt: matching(/^\d{4}-/) } });
    expect(owner.visit()).toBe(duplicate.id);
    expect(owner.task(ids.noraTask)).toBe(duplicate.id);
    expect(owner.waiting()).toBe(duplicate.id);
    expect(owner.task(ids.eleanorTask)).toBe(survivor.id);
    expect(owner.task(later.id)).toBe(survivor.id);
    expect(owner.call()).toBe(duplicate.id);
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBeNull();
    expect(app.patients.search('nora abernathy', 10).map((p) => p.id)).toEqual([duplicate.id]);
    expect(app.patients.search(duplicate.mrn, 10).map((p) => p.id)).toEqual([duplicate.id]);
    const audit = app.store.db.select().from(auditEvents).all().at(-1)!;
    expect(audit).toMatchObject({ channel: 'patients.unmerge', username: 'test.admin' });
    expect(await app.router('patients.unmerge', { mergeId: merge.id }, fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: matching(/No merge to undo/) },
    });
  });

  it('a chain of merges undoes in order: the later merge first', () => {
    const { app, survivor, duplicate, owner } = twoRecordsOfOnePerson();
    const third = app.patients.create(
      { firstName: 'Ellie', lastName: 'Abernathy', dateOfBirth: '1949-02-11', phone: '+16175550163' },
      coordinator,
    );
    const first = app.patients.merge({ survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person' }, coordinator); // prettier-ignore
    const second = app.patients.merge({ survivorId: third.id, mergedId: survivor.id, reason: 'Same person again' }, coordinator); // prettier-ignore
    expect(owner.visit()).toBe(third.id);
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBe(third.id);
    expect(() => app.patients.unmerge(first.id, coordinator)).toThrow(/undo the later merge first/);
    app.patients.unmerge(second.id, coordinator);
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBe(survivor.id);
    expect(owner.visit()).toBe(survivor.id);
    app.patients.unmerge(first.id, coordinator);
    expect(owner.visit()).toBe(duplicate.id);
  });

  it('refuses nonsense merges and changes nothing', async () => {
    const { app, survivor, duplicate } = twoRecordsOfOnePerson();
    signIn(app, 'supervisor');
    const before = outboxLength(app);
    for (const input of [
      { survivorId: survivor.id, mergedId: survivor.id, reason: 'same person' },
      { survivorId: survivor.id, mergedId: duplicate.id, reason: '' },
      { survivorId: survivor.id, mergedId: 'not-a-patient', reason: 'same person' },
    ]) {
      expect(await app.router('patients.merge', input, fromWindow)).toMatchObject({
        ok: false,
        error: { code: matching(/VALIDATION|NOT_FOUND/) },
      });
    }
    expect(outboxLength(app)).toBe(before);
    app.patients.merge({ survivorId: survivor.id, mergedId: duplicate.id, reason: 'same person' }, coordinator);
    const mark = outboxLength(app);
    expect(() =>
      app.patients.merge({ survivorId: duplicate.id, mergedId: survivor.id, reason: 'again' }, coordinator),
    ).toThrow(/merged into another/);
    expect(() => app.patients.update(duplicate.id, intakeSchema.parse(minimalIntake('N', 'A', '01/01/1950', '6175550100')), coordinator)).toThrow(/merged/); // prettier-ignore
    expect(outboxLength(app)).toBe(mark);
  });

  it('is not a coordinator’s to do: the router refuses it by role', async () => {
    const { app, survivor, duplicate, owner } = twoRecordsOfOnePerson();
    const result = await app.router(
      'patients.merge',
      { survivorId: survivor.id, mergedId: duplicate.id, reason: 'Same person' },
      fromWindow,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(app.patients.get(duplicate.id).patient.mergedInto).toBeNull();
    expect(owner.visit()).toBe(duplicate.id);
  });
});
