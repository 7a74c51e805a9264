import { afterEach, expect, it } from 'vitest';
import { appointments, appointmentTypes, providers } from '../../src-main/schedule/table';
import type { CallAppointment, CallDetail } from '../../src-shared/calls/schemas';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { aCall, addPatient, count, logCall } from './support';

let app: TestCareDesk;
afterEach(() => app?.dispose());

const daysFromNow = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

/** A visit for a patient, written straight to the schedule's tables (booking has its own tests). */
function visit(patientId: string, id: string, startsAt: string) {
  const now = new Date().toISOString();
  app.store.db
    .insert(appointments)
    .values({
      id,
      patientId,
      providerId: 'dr-patel',
      typeId: 'follow-up',
      locationId: 'loc-main',
      startsAt,
      endsAt: startsAt,
      status: 'booked',
      hubState: 'confirmed',
      reason: '',
      notes: '',
      interpreterNeeded: false,
      language: 'English',
      transportNeeded: false,
      resourceIds: '[]',
      createdAt: now,
      updatedAt: now,
    })
    .run();
}

/** Dr. Patel and her follow-up visits, written straight to the clinic set-up's tables. */
function drPatelsFollowUps() {
  const now = new Date().toISOString();
  app.store.db
    .insert(providers)
    .values({
      id: 'dr-patel',
      name: 'Dr. Patel',
      specialties: '[]',
      languages: '[]',
      payers: '[]',
      locationIds: '[]',
      createdAt: now,
    })
    .run();
  app.store.db
    .insert(appointmentTypes)
    .values({
      id: 'follow-up',
      name: 'Follow-up',
      durationMinutes: 20,
      modality: 'in-person',
      allowedProviderIds: '[]',
      requiredResourceIds: '[]',
      bufferMinutes: 0,
      createdAt: now,
    })
    .run();
}

it("lists the patient's own visits around today, soonest first, for linking a call", async () => {
  app = freshCareDesk();
  drPatelsFollowUps();
  const ana = await addPatient(app, {
    firstName: 'Ana',
    lastName: 'Diaz',
    dateOfBirth: '03/14/1984',
    phone: '6175550147',
  });
  const bo = await addPatient(app, {
    firstName: 'Bo',
    lastName: 'Lee',
    dateOfBirth: '01/02/1990',
    phone: '6175550148',
  });
  visit(ana, 'next-week', daysFromNow(7));
  visit(ana, 'last-month', daysFromNow(-30));
  visit(ana, 'last-year', daysFromNow(-300));
  visit(bo, 'not-hers', daysFromNow(2));

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
  drPatelsFollowUps();
  const ana = await addPatient(app, {
    firstName: 'Ana',
    lastName: 'Diaz',
    dateOfBirth: '03/14/1984',
    phone: '6175550147',
  });
  visit(ana, 'next-week', '2026-12-01T14:00:00.000Z');
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
  drPatelsFollowUps();
  const ana = await addPatient(app, {
    firstName: 'Ana',
    lastName: 'Diaz',
    dateOfBirth: '03/14/1984',
    phone: '6175550147',
  });
  const bo = await addPatient(app, {
    firstName: 'Bo',
    lastName: 'Lee',
    dateOfBirth: '01/02/1990',
    phone: '6175550148',
  });
  visit(bo, 'bos-visit', daysFromNow(2));
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
