import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayIn, weekday } from '../../src-shared/schedule/clinic-time';
import { seedDemoClinic, DEMO_TIME_ZONE, type DemoClinic } from '../../src-main/schedule/demo-seed';
import { outbox } from '../../src-main/store/schema';
import type { ChannelName } from '../../src-shared/ipc/contract';
import type { Slot } from '../../src-shared/schedule/schemas';
import { addUser, freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';

let app: TestCareDesk;
let clinic: DemoClinic;
let monday: string;
const call = (channel: ChannelName, input: unknown) => app.router(channel, input, fromWindow);
async function value<T>(channel: ChannelName, input: unknown): Promise<T> {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value as T;
}
const outboxSize = () => app.store.db.select().from(outbox).all().length;

beforeEach(() => {
  app = freshCareDesk({ signedInAs: 'supervisor' });
  monday = addDays(todayIn(DEMO_TIME_ZONE), 7);
  while (weekday(monday) !== 1) monday = addDays(monday, 1);
  clinic = seedDemoClinic(app.store, {
    providers: 2,
    perProviderPerDay: 0,
    days: 1,
    createPatient: (p) => app.patients.create(p, { userId: 'test' }).id,
  })!;
  app.schedule.setupChanged();
});
afterEach(() => app.dispose());

/** The new provider's first open follow-up slots in the coming weeks. */
const slotsOf = (providerId: string, typeId: string) =>
  value<Slot[]>('schedule.findNext', {
    typeId,
    providerIds: [providerId],
    fromDate: monday,
    toDate: addDays(monday, 13),
    limit: 100,
  });

describe('a supervisor sets up a new provider’s hours and leave', () => {
  it('adds a provider, a visit type and Mon–Fri hours, and the provider becomes bookable', async () => {
    const provider = await value<{ id: string }>('schedule.addProvider', {
      name: 'Dr. Ines Carvalho',
      specialties: ['Cardiology'],
      languages: ['English', 'Portuguese', 'Portuguese'],
      locationIds: [clinic.locationIds[0]],
    });
    const type = await value<{ id: string }>('schedule.addType', {
      name: 'Cardiology consult',
      durationMinutes: 30,
      modality: 'in-person',
      allowedProviderIds: [provider.id],
    });
    const hours = await value<unknown[]>('schedule.addHours', {
      providerId: provider.id,
      locationId: clinic.locationIds[0],
      weekdays: [1, 2, 3, 4, 5],
      startTime: '09:00',
      endTime: '11:00',
      modalities: ['in-person'],
      effectiveFrom: monday,
    });
    expect(hours).toHaveLength(5);
    const setup = await value<{ providers: { name: string; languages: string[] }[] }>('schedule.setup', {});
    expect(setup.providers.find((p) => p.name === 'Dr. Ines Carvalho')?.languages).toEqual(['English', 'Portuguese']);

    const slots = await slotsOf(provider.id, type.id);
    // Two hours a day in 15-minute steps for a 30-minute visit: 7 starts a day, ten weekdays.
    expect(slots).toHaveLength(70);
    expect(new Set(slots.map((s) => weekday(s.startsAt.slice(0, 10))))).not.toContain(0);
  });

  it('leave takes the days out; removing it by mistake puts them back; ended hours stop', async () => {
    const providerId = clinic.providerIds[0]!;
    const typeId = clinic.types.followUp.id;
    const firstDay = async (from = monday) =>
      (
        await value<Slot[]>('schedule.findNext', {
          typeId,
          providerIds: [providerId],
          fromDate: from,
          toDate: addDays(from, 20),
          limit: 1,
        })
      )[0]?.startsAt.slice(0, 10) ?? null;
    expect(await firstDay()).toBe(monday);
    const leave = await value<{ id: string }>('schedule.addException', {
      providerId,
      kind: 'leave',
      fromDate: monday,
      toDate: addDays(monday, 4),
      reason: 'Annual leave',
    });
    // Monday to Friday off: the first slot is after the leave.
    expect((await firstDay())! > addDays(monday, 4)).toBe(true);
    const listed = await value<{ id: string }[]>('schedule.exceptions', { fromDate: monday, toDate: monday });
    expect(listed.map((e) => e.id)).toContain(leave.id);

    expect(await value('schedule.removeException', { exceptionId: leave.id })).toEqual({ removed: true });
    expect(await firstDay()).toBe(monday);

    const setup = await value<{ templates: { id: string; providerId: string }[] }>('schedule.setup', {});
    for (const t of setup.templates.filter((x) => x.providerId === providerId)) {
      await value('schedule.endHours', { templateId: t.id, lastDate: addDays(monday, 6) });
    }
    expect(await firstDay()).toBe(monday);
    expect(await firstDay(addDays(monday, 7))).toBeNull();
  });

  it('refuses bad set-up input with the field that is wrong, and writes nothing', async () => {
    const before = outboxSize();
    expect(
      await call('schedule.addHours', {
        providerId: clinic.providerIds[0],
        locationId: clinic.locationIds[0],
        weekdays: [1],
        startTime: '17:00',
        endTime: '09:00',
        modalities: ['in-person'],
        effectiveFrom: monday,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { endTime: 'The hours must end after they start' } },
    });
    expect(
      await call('schedule.addException', {
        providerId: 'nobody',
        kind: 'leave',
        fromDate: monday,
        toDate: monday,
        reason: 'Leave',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { providerId: 'Choose a provider' } } });
    expect(await call('schedule.addProvider', { name: 'Dr. X', locationIds: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { locationIds: 'Choose at least one location' } },
    });
    expect(outboxSize()).toBe(before);
  });

  it('is not for coordinators', async () => {
    app.session.openFor(addUser(app, 'coordinator').username);
    const result = await call('schedule.addException', {
      providerId: null,
      kind: 'holiday',
      fromDate: monday,
      toDate: monday,
      reason: 'Clinic closed',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
