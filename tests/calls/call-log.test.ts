import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { format, subDays } from 'date-fns';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { fullIntake } from '../patients/fixtures';
import { aCall, addPatient, count, logCall } from './support';

let app: TestCareDesk;
afterEach(() => app?.dispose());

const ana = { firstName: 'Ana', lastName: 'Quintanilla', dateOfBirth: '03/14/1984', phone: '(617) 555-0147' };
const mateo = { firstName: 'Mateo', lastName: 'Quintanilla', dateOfBirth: '06/01/2015', phone: '617-555-0147' };
const zoe = { firstName: 'Zoe', lastName: 'Abernathy', dateOfBirth: '01/02/1950', phone: '(508) 555-0199' };

function lastAudit(app: TestCareDesk) {
  return app.store.sqlite
    .prepare('SELECT action, channel, patient_ids FROM audit_events ORDER BY seq DESC LIMIT 1')
    .get() as {
    action: string;
    channel: string;
    patient_ids: string;
  };
}

describe('logging a call', () => {
  it('an insurance question needing a callback is logged with its callback task, outbox entries and audit, in one go', async () => {
    app = freshCareDesk();
    const anaId = await addPatient(app, ana);
    const { call, tasks } = await logCall(
      app,
      aCall({
        patientId: anaId,
        callerKind: 'patient',
        reason: 'insurance_benefits',
        outcome: 'callback_needed',
        notes: 'Asks whether the MRI is covered',
      }),
    );
    expect(call).toMatchObject({
      patientName: 'Quintanilla, Ana',
      phone: '+16175550147',
      durationSeconds: 210,
      coordinatorName: 'Test coordinator',
      addenda: [],
    });
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'callback',
        title: 'Call back Ana Quintanilla',
        patientName: 'Quintanilla, Ana',
        assignee: expect.objectContaining({ kind: 'person', name: 'Test coordinator' }) as unknown,
        dueAt: '2026-11-24T16:03:30.000Z',
        source: { kind: 'call', id: call.id },
      }) as unknown,
    ]);
    const outbox = app.store.sqlite
      .prepare(
        "SELECT table_name, op FROM outbox WHERE table_name IN ('call_log_entries', 'tasks', 'task_events') ORDER BY seq",
      )
      .all();
    expect(outbox).toEqual([
      { table_name: 'call_log_entries', op: 'append' },
      { table_name: 'tasks', op: 'insert' },
      { table_name: 'task_events', op: 'append' },
    ]);
    expect(lastAudit(app)).toEqual({ action: 'create', channel: 'calls.log', patient_ids: JSON.stringify([anaId]) });
  });

  it('refuses bad input field by field and writes nothing', async () => {
    app = freshCareDesk();
    const before = { calls: count(app, 'call_log_entries'), outbox: count(app, 'outbox'), tasks: count(app, 'tasks') };
    const result = await app.router(
      'calls.log',
      aCall({
        phone: '12',
        callerKind: 'family',
        reason: 'gossip' as never,
        endedAt: '2026-11-24T13:00:00.000Z',
        outcome: 'callback_needed',
      }),
      fromWindow,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { phone: expect.stringMatching(/valid phone/) as unknown, reason: 'Choose the reason' },
      },
    });
    expect({ calls: count(app, 'call_log_entries'), outbox: count(app, 'outbox'), tasks: count(app, 'tasks') }).toEqual(
      before,
    );

    const shape = await app.router(
      'calls.log',
      aCall({ callerKind: 'family', endedAt: '2026-11-24T13:00:00.000Z' }),
      fromWindow,
    );
    expect(shape).toMatchObject({
      ok: false,
      error: { fields: { endedAt: 'The call cannot end before it starts', callerName: 'Say who called' } },
    });
    const ghost = await app.router(
      'calls.log',
      aCall({ patientId: crypto.randomUUID(), outcome: 'callback_needed' }),
      fromWindow,
    );
    expect(ghost).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { patientId: 'No such patient' } } });
    expect({ calls: count(app, 'call_log_entries'), outbox: count(app, 'outbox'), tasks: count(app, 'tasks') }).toEqual(
      before,
    );
  });

  it('a clinical question goes to the clinician pool: on a clinician’s own worklist, not the coordinator’s', async () => {
    app = freshCareDesk();
    const anaId = await addPatient(app, ana);
    await logCall(
      app,
      aCall({ patientId: anaId, callerKind: 'patient', reason: 'clinical_question', outcome: 'message_taken' }),
    );
    const mine = await app.router('tasks.worklist', { scope: 'mine' }, fromWindow);
    expect(mine).toMatchObject({ ok: true, value: { total: 0 } });
    const team = await app.router('tasks.worklist', { scope: 'team' }, fromWindow);
    expect(team).toMatchObject({
      ok: true,
      value: { total: 1, rows: [{ kind: 'clinical_question', priority: 'high' }] },
    });
    const { addUser } = await import('../support/store');
    app.session.openFor(addUser(app, 'clinician').username);
    const clinician = await app.router('tasks.worklist', { scope: 'mine' }, fromWindow);
    expect(clinician).toMatchObject({
      ok: true,
      value: { total: 1, rows: [{ assignee: { kind: 'pool', pool: 'clinicians' } }] },
    });
  });

  it('keeps no plaintext of a call anywhere in the data folder', async () => {
    app = freshCareDesk();
    await logCall(
      app,
      aCall({ callerKind: 'family', callerName: 'Wilhelmina Quixotefield', notes: 'Zyxwvut inhaler refill' }),
    );
    const bytes = Buffer.concat(
      readdirSync(app.dataDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name))),
    );
    for (const secret of ['Quixotefield', 'Zyxwvut', '6175550147'])
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
  });
});

describe('call entries are legal history', () => {
  it('a correction is an addendum shown with its author and time; the entry itself never changes', async () => {
    app = freshCareDesk();
    const { call } = await logCall(app, aCall({ notes: 'Wants Tuesday' }));
    const added = await app.router(
      'calls.addAddendum',
      { callId: call.id, text: 'Correction: Thursday, not Tuesday' },
      fromWindow,
    );
    expect(added).toMatchObject({
      ok: true,
      value: { authorName: 'Test coordinator', text: 'Correction: Thursday, not Tuesday' },
    });
    const got = await app.router('calls.get', { id: call.id }, fromWindow);
    expect(got).toMatchObject({
      ok: true,
      value: {
        notes: 'Wants Tuesday',
        addendumCount: 1,
        addenda: [{ text: 'Correction: Thursday, not Tuesday', at: expect.any(String) as unknown }],
      },
    });
    expect(app.store.sqlite.prepare("SELECT op FROM outbox WHERE table_name = 'call_log_addenda'").all()).toEqual([
      { op: 'append' },
    ]);

    expect(() => app.store.sqlite.prepare("UPDATE call_log_entries SET notes = 'edited'").run()).toThrow(/append-only/);
    // Writing the row again exactly as it is (sync re-applying what it holds) is harmless.
    expect(() => app.store.sqlite.prepare('UPDATE call_log_entries SET notes = notes').run()).not.toThrow();
    expect(() => app.store.sqlite.prepare('DELETE FROM call_log_entries').run()).toThrow(/append-only/);
    expect(() => app.store.sqlite.prepare("UPDATE call_log_addenda SET text = 'x'").run()).toThrow(/append-only/);
    expect(await app.router('calls.addAddendum', { callId: call.id, text: '   ' }, fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { text: 'Write the correction' } },
    });
    expect(await app.router('calls.addAddendum', { callId: crypto.randomUUID(), text: 'x' }, fromWindow)).toMatchObject(
      {
        ok: false,
        error: { code: 'NOT_FOUND' },
      },
    );
  });
});

describe('who is calling', () => {
  it('a shared family phone finds every patient on it; an unknown number finds none', async () => {
    app = freshCareDesk();
    await addPatient(app, ana);
    await addPatient(app, mateo);
    await addPatient(app, zoe);
    const family = await app.router('calls.matchCaller', { phone: '617.555.0147' }, fromWindow);
    expect(family).toMatchObject({
      ok: true,
      value: {
        phone: '+16175550147',
        candidates: [
          { name: 'Quintanilla, Ana', dateOfBirth: '1984-03-14', mrn: expect.stringMatching(/^MRN-/) as unknown },
          { name: 'Quintanilla, Mateo' },
        ],
      },
    });
    expect(lastAudit(app)).toMatchObject({ action: 'search', channel: 'calls.matchCaller' });
    expect(await app.router('calls.matchCaller', { phone: '(212) 555-0100' }, fromWindow)).toMatchObject({
      ok: true,
      value: { phone: '+12125550100', candidates: [] },
    });
    expect(await app.router('calls.matchCaller', { phone: '' }, fromWindow)).toMatchObject({
      ok: true,
      value: { phone: null, candidates: [] },
    });
  });

  it("finds a patient by their people's numbers and checks who may hear health information against the record", async () => {
    app = freshCareDesk();
    const intake = fullIntake();
    intake.people.representative = {
      name: 'Rosa Ortiz',
      relationship: 'aunt',
      phone: '617-555-0166',
      mayReceiveHealthInfo: false,
      kind: '',
    };
    // The release ended yesterday, whenever the test runs (the fixture's fixed 03/01/2026 was
    // still in force on any clock before March 2026).
    const yesterday = subDays(new Date(), 1);
    intake.consents.release = { ...intake.consents.release, expires: format(yesterday, 'MM/dd/yyyy') };
    const made = await app.router('patients.intake', { intake }, fromWindow);
    expect(made, JSON.stringify(made)).toMatchObject({ ok: true });
    const id = (made as { ok: true; value: { id: string } }).value.id;
    // The brother's phone finds María, and says whose number it is.
    expect(await app.router('calls.matchCaller', { phone: '617-555-0177' }, fromWindow)).toMatchObject({
      ok: true,
      value: {
        candidates: [{ patientId: id, via: { kind: 'person', personName: 'Luis Núñez', relationship: 'brother' } }],
      },
    });
    // Her second phone finds her as herself.
    expect(await app.router('calls.matchCaller', { phone: '617.555.0190' }, fromWindow)).toMatchObject({
      ok: true,
      value: { candidates: [{ patientId: id, via: { kind: 'patient' } }] },
    });
    const check = (callerKind: string, callerName: string) =>
      app.router('calls.checkCaller', { patientId: id, callerKind, callerName }, fromWindow);
    expect(await check('family', 'luis núñez')).toMatchObject({ ok: true, value: { allowed: true } });
    expect(await check('representative', 'Rosa Ortiz')).toMatchObject({
      ok: true,
      value: { allowed: false, message: 'Rosa Ortiz (aunt) may not receive health information.' },
    });
    expect(await check('family', 'Boston Medical Center')).toMatchObject({
      ok: true,
      value: {
        allowed: false,
        message: `Boston Medical Center's authorization ended on ${format(yesterday, 'yyyy-MM-dd')}: do not share health information.`,
      },
    });
  });

  it('warns before a family member hears health information the patient has not authorized', async () => {
    app = freshCareDesk();
    const anaId = await addPatient(app, ana);
    const check = await app.router(
      'calls.checkCaller',
      { patientId: anaId, callerKind: 'family', callerName: 'Luis Quintanilla' },
      fromWindow,
    );
    expect(check).toMatchObject({
      ok: true,
      value: { allowed: false, message: expect.stringMatching(/do not share/) as unknown },
    });
    const pharmacy = await app.router(
      'calls.checkCaller',
      { patientId: anaId, callerKind: 'pharmacy', callerName: 'CVS' },
      fromWindow,
    );
    expect(pharmacy).toMatchObject({ ok: true, value: { allowed: true } });
  });
});

describe('the call log view', () => {
  async function seed() {
    app = freshCareDesk();
    const anaId = await addPatient(app, ana);
    const zoeId = await addPatient(app, zoe);
    await logCall(
      app,
      aCall({
        patientId: anaId,
        callerKind: 'patient',
        reason: 'insurance_benefits',
        outcome: 'callback_needed',
        notes: 'MRI coverage',
        startedAt: '2026-11-20T14:00:00.000Z',
        endedAt: '2026-11-20T14:10:00.000Z',
      }),
    );
    await logCall(
      app,
      aCall({
        patientId: zoeId,
        phone: '5085550199',
        callerKind: 'patient',
        direction: 'outbound',
        reason: 'scheduling',
        notes: 'Booked follow-up',
        startedAt: '2026-11-22T15:00:00.000Z',
        endedAt: '2026-11-22T15:01:00.000Z',
      }),
    );
    await logCall(
      app,
      aCall({
        direction: 'missed',
        phone: '',
        reason: 'other',
        outcome: 'no_answer',
        startedAt: '2026-11-23T16:00:00.000Z',
        endedAt: '2026-11-23T16:00:00.000Z',
      }),
    );
    await logCall(
      app,
      aCall({
        callerKind: 'pharmacy',
        callerName: 'Riverside Pharmacy',
        reason: 'clinical_question',
        outcome: 'transferred_clinical',
        notes: '=HYPERLINK("http://evil")',
        startedAt: '2026-11-24T10:00:00.000Z',
        endedAt: '2026-11-24T10:05:00.000Z',
      }),
    );
    return { anaId, zoeId };
  }
  const query = async (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const r = await app.router('calls.query', { filter, ...extra }, fromWindow);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as {
      total: number;
      rows: Array<{ notes: string; patientName: string | null; durationSeconds: number }>;
    };
  };

  it('filters by date range, direction, reason, outcome, coordinator and patient, newest first', async () => {
    const { zoeId } = await seed();
    expect((await query({})).rows.map((r) => r.notes)).toEqual([
      '=HYPERLINK("http://evil")',
      '',
      'Booked follow-up',
      'MRI coverage',
    ]);
    expect((await query({ from: '2026-11-21', to: '2026-11-23' })).total).toBe(2);
    expect((await query({ direction: 'outbound' })).rows.map((r) => r.notes)).toEqual(['Booked follow-up']);
    expect((await query({ reason: 'insurance_benefits', outcome: 'callback_needed' })).total).toBe(1);
    expect((await query({ patientId: zoeId })).rows.map((r) => r.patientName)).toEqual(['Abernathy, Zoe']);
    const coordinators = await app.router('calls.coordinators', {}, fromWindow);
    const [me] = (coordinators as { ok: true; value: { id: string; name: string }[] }).value;
    expect(me!.name).toBe('Test coordinator');
    expect((await query({ coordinatorId: me!.id })).total).toBe(4);
    expect((await query({ coordinatorId: 'someone-else' })).total).toBe(0);
  });

  it('quick search finds notes, caller names, patient names and phone numbers; sort by any column', async () => {
    await seed();
    expect((await query({ search: 'mri' })).rows.map((r) => r.notes)).toEqual(['MRI coverage']);
    expect((await query({ search: 'riverside' })).total).toBe(1);
    expect((await query({ search: 'abernathy' })).rows.map((r) => r.notes)).toEqual(['Booked follow-up']);
    expect((await query({ search: '(508) 555-0199' })).total).toBe(1);
    expect((await query({ search: 'nothing-like-this' })).total).toBe(0);
    const byLength = await query({ sort: 'durationSeconds', descending: false });
    expect(byLength.rows.map((r) => r.durationSeconds)).toEqual([0, 60, 300, 600]);
    expect((await query({}, { offset: 1, limit: 2 })).rows.map((r) => r.notes)).toEqual(['', 'Booked follow-up']);
  });

  it('finds a call by its addendum, and a call another workstation logged (arriving by sync)', async () => {
    await seed();
    const [first] = (await query({})).rows as unknown as { id: string }[];
    await app.router('calls.addAddendum', { callId: first!.id, text: 'Zanzibar pharmacy confirmed' }, fromWindow);
    expect((await query({ search: 'zanzibar' })).total).toBe(1);
    // Sync inserts rows without our write function: the index and quick search still see them.
    app.store.sqlite
      .prepare(
        `INSERT INTO call_log_entries (id, direction, phone, patient_id, caller_kind, caller_name, reason, outcome, notes,
         started_at, ended_at, duration_seconds, coordinator_id, coordinator_name, created_at)
         VALUES (?, 'outbound', NULL, NULL, 'insurer', 'Acme Health', 'billing', 'resolved', 'Quokka claim', ?, ?, 60, 'u-far', 'Far Away', ?)`,
      )
      .run(crypto.randomUUID(), '2026-11-25T09:00:00.000Z', '2026-11-25T09:01:00.000Z', '2026-11-25T09:01:00.000Z');
    expect((await query({})).total).toBe(5);
    expect((await query({ search: 'quokka' })).rows.map((r) => r.notes)).toEqual(['Quokka claim']);
    expect((await query({ coordinatorId: 'u-far' })).total).toBe(1);
  });

  it('exports exactly the current view as CSV, audited as an export naming its patients', async () => {
    const { anaId } = await seed();
    const result = await app.router('calls.export', { filter: { reason: 'insurance_benefits' } }, fromWindow);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { csv, filename, count: n } = result.value as { csv: string; filename: string; count: number };
    expect(filename).toMatch(/^call-log-\d{4}-\d{2}-\d{2}-\d{4}\.csv$/);
    expect(n).toBe(1);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
    expect(parsed.data).toEqual([
      expect.objectContaining({
        Duration: '10:00',
        Direction: 'Inbound',
        Patient: 'Quintanilla, Ana',
        Phone: '(617) 555-0147',
        'Caller type': 'Patient',
        Reason: 'Insurance and benefits',
        Outcome: 'Callback needed',
        Coordinator: 'Test coordinator',
        Notes: 'MRI coverage',
      }) as unknown,
    ]);
    expect(lastAudit(app)).toEqual({ action: 'export', channel: 'calls.export', patient_ids: JSON.stringify([anaId]) });

    const all = await app.router('calls.export', { filter: {} }, fromWindow);
    const rows = Papa.parse<Record<string, string>>((all as { ok: true; value: { csv: string } }).value.csv, {
      header: true,
    }).data;
    // A note a spreadsheet would run as a formula is escaped.
    expect(rows.find((r) => r.Caller === 'Riverside Pharmacy')!.Notes).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows.find((r) => r.Direction === 'Missed')!.Phone).toBe('Withheld');
  });

  it('shows today’s calls by hour, average handle time and open and overdue callbacks', async () => {
    app = freshCareDesk();
    const now = Date.now();
    // The calls were taken around noon of this machine's day, whenever the test runs: "a minute
    // ago" is yesterday in the first minute after midnight.
    const today = new Date(now);
    const noon = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 12).getTime();
    const at = (minutesBeforeNoon: number, seconds: number) => ({
      startedAt: new Date(noon - minutesBeforeNoon * 60_000).toISOString(),
      endedAt: new Date(noon - minutesBeforeNoon * 60_000 + seconds * 1000).toISOString(),
    });
    await logCall(app, aCall({ ...at(1, 120) }));
    await logCall(
      app,
      aCall({ ...at(1, 240), outcome: 'callback_needed', followUpDue: new Date(now - 60_000).toISOString() }),
    );
    await logCall(
      app,
      aCall({
        ...at(1, 0),
        direction: 'missed',
        outcome: 'callback_needed',
        followUpDue: new Date(now + 2 * 3_600_000).toISOString(),
      }),
    );
    // Stamped tomorrow (a workstation whose clock runs a day ahead): not one of today's calls.
    await logCall(app, aCall({ ...at(-24 * 60, 600) }));
    const figures = await app.router('calls.figures', {}, fromWindow);
    expect(figures.ok).toBe(true);
    if (!figures.ok) return;
    const hour = new Date(noon - 60_000).getHours();
    expect(figures.value).toMatchObject({
      callsToday: 3,
      averageHandleSeconds: 180,
      openCallbacks: 2,
      overdueCallbacks: 1,
    });
    expect((figures.value as { callsByHour: number[] }).callsByHour[hour]).toBe(3);
  });
});
