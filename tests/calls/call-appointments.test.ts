import { afterEach, expect, it } from 'vitest';
import type { CallAppointment, CallDetail } from '../../src-shared/calls/schemas';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { drPatelsFollowUps, patelVisit } from '../support/schedule-rows';
import { ANA, aCall, addAnaAndBo, addPatient, count, logCall } from './support';

let app: TestCareDesk;
afterEach(() => app?.dispose());

const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

it("lists the patient's own visits around today, soonest first, for linking a call", async () => {
  app = freshCareDesk();
  drPatelsFollowUps(app.store);
  const { ana, bo } = await addAnaAndBo(app);
  patelVisit(app.store, { id: 'next-week', patientId: ana, startsAt: daysFromNow(7) });
  patelVisit(app.store, { id: 'last-month', patientId: ana, startsAt: daysFromNow(-30) });
  patelVisit(app.store, { id: 'last-year', patientId: ana, startsAt: daysFromNow(-300) });
  patelVisit(app.store, { id: 'not-hers', patientId: bo, startsAt: daysFromNow(2) });

  const r = await app.router('calls.appointmentsFor', { patientId: ana }, fromWindow);
  expect(r.ok).toBe(true);
  const list = (r as { value: CallAppointment[] }).value;
  expect(list.map((v) => v.id)).toEqual(['last-month', 'next-week']);
  expect(list[1]).toMatchObject({ providerName: 'Dr. Patel', typeName: 'Follow-up', status: 'booked' });
  expect(await app.router('calls.appointmentsFor', { patientId: 'nope' }, fromWindow)).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION' },
  });
});

it('a call linked to a visit shows that visit: when, in the clinic zone, with whom and what for', async () => {
  app = freshCareDesk();
  drPatelsFollowUps(app.store);
  const ana = await addPatient(app, ANA);
  patelVisit(app.store, { id: 'next-week', patientId: ana, startsAt: '2026-12-01T14:00:00.000Z' });
  const { call } = await logCall(app, aCall({ patientId: ana, appointmentId: 'next-week' }));
  const unlinked = await logCall(app, aCall({ patientId: ana }));

  const shown = await app.router('calls.get', { id: call.id }, fromWindow);
  expect(shown).toMatchObject({
    ok: true,
    value: {
      appointmentId: 'next-week',
      visit: {
        id: 'next-week',
        startsAt: '2026-12-01T14:00:00.000Z',
        providerName: 'Dr. Patel',
        typeName: 'Follow-up',
        status: 'booked',
        // No location set up yet: the clinic's zone is the default one.
        timeZone: 'America/New_York',
      },
    },
  });
  const plain = await app.router('calls.get', { id: unlinked.call.id }, fromWindow);
  expect((plain as { value: CallDetail }).value.visit).toBeNull();
});

it("refuses to link a call to another patient's visit, or to a visit that does not exist, and writes nothing", async () => {
  app = freshCareDesk();
  drPatelsFollowUps(app.store);
  const { ana, bo } = await addAnaAndBo(app);
  patelVisit(app.store, { id: 'bos-visit', patientId: bo, startsAt: daysFromNow(2) });
  const before = count(app, 'call_log_entries');
  for (const link of [
    { patientId: ana, appointmentId: 'bos-visit' },
    { patientId: ana, appointmentId: 'no-such-visit' },
    { patientId: null, appointmentId: 'bos-visit' },
  ])
    expect(await app.router('calls.log', aCall(link), fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { appointmentId: "Not one of this patient's visits" } },
    });
  expect(count(app, 'call_log_entries')).toBe(before);
});
