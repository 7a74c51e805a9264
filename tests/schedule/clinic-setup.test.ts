/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest asymmetric matchers (expect.any) are typed any */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayIn, weekday } from '../../src-shared/schedule/clinic-time';
import { seedDemoClinic, DEMO_TIME_ZONE, type DemoClinic } from '../../src-main/schedule/demo-seed';
import { outbox } from '../../src-main/store/schema';
import type { ChannelName } from '../../src-shared/ipc/contract';
import { auditEvents } from '../../src-main/audit/table';
import type { AppointmentType, ClinicSetup, Provider, Resource, Slot } from '../../src-shared/schedule/schemas';
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

describe('a supervisor edits providers and visit types, and keeps rooms and equipment', () => {
  const audited = () =>
    app.store.db
      .select()
      .from(auditEvents)
      .all()
      .map((e) => e.channel);
  const changesOf = (tableName: string) =>
    app.store.db
      .select()
      .from(outbox)
      .all()
      .filter((c) => c.tableName === tableName)
      .map((c) => ({ op: c.op, rowId: c.rowId, fields: JSON.parse(c.fields) as Record<string, unknown> }));
  const setupNow = () => value<ClinicSetup>('schedule.setup', {});
  /** A visit type as the edit form sends it. */
  const form = ({ id, ...t }: AppointmentType) => ({ ...t, typeId: id });

  it('edits a provider: only the changed fields go to the outbox, and the edit is audited', async () => {
    const before = (await setupNow()).providers.find((p) => p.id === clinic.providerIds[0])!;
    const edited = await value<Provider>('schedule.updateProvider', {
      providerId: before.id,
      name: before.name,
      specialties: before.specialties,
      languages: ['English', 'Haitian Creole'],
      payers: ['Medicare'],
      locationIds: clinic.locationIds,
    });
    expect(edited).toMatchObject({ languages: ['English', 'Haitian Creole'], locationIds: clinic.locationIds });
    expect((await setupNow()).providers.find((p) => p.id === before.id)).toEqual(edited);
    expect(changesOf('providers').at(-1)).toEqual({
      op: 'update',
      rowId: before.id,
      fields: {
        languages: '["English","Haitian Creole"]',
        payers: '["Medicare"]',
        locationIds: JSON.stringify(clinic.locationIds),
      },
    });
    expect(audited().at(-1)).toBe('schedule.updateProvider');
    // Find next available follows the edit: a Haitian Creole speaker is found now.
    const slots = await value<Slot[]>('schedule.findNext', {
      typeId: clinic.types.followUp.id,
      fromDate: monday,
      toDate: monday,
      language: 'Haitian Creole',
      limit: 1,
    });
    expect(slots[0]?.providerId).toBe(before.id);
  });

  it('adds, edits and retires a room; a visit type that needs it books one visit at a time', async () => {
    const room = await value<Resource>('schedule.addResource', {
      name: 'Exam room 3',
      kind: 'room',
      locationId: clinic.locationIds[0],
    });
    const renamed = await value<Resource>('schedule.updateResource', {
      resourceId: room.id,
      name: 'Procedure room',
      kind: 'room',
      locationId: clinic.locationIds[0],
    });
    expect(renamed).toMatchObject({ id: room.id, name: 'Procedure room', retiredAt: null });
    expect(changesOf('resources').at(-1)).toEqual({ op: 'update', rowId: room.id, fields: { name: 'Procedure room' } });

    const type = clinic.types.newPatient;
    const edited = await value<AppointmentType>('schedule.updateType', {
      typeId: type.id,
      name: type.name,
      durationMinutes: 30,
      modality: 'in-person',
      bufferMinutes: 0,
      allowedProviderIds: [],
      requiredResourceIds: [room.id],
    });
    expect(edited).toMatchObject({ durationMinutes: 30, bufferMinutes: 0, requiredResourceIds: [room.id] });
    expect(audited().slice(-3)).toEqual(['schedule.addResource', 'schedule.updateResource', 'schedule.updateType']);

    // Two providers, one room: the second booking at the same time meets "the room is in use".
    const startsAt = (await slotsOf(clinic.providerIds[0]!, type.id))[0]!.startsAt;
    const request = {
      patientId: clinic.patientIds[0],
      providerId: clinic.providerIds[0],
      typeId: type.id,
      locationId: clinic.locationIds[0],
      startsAt,
    };
    app.session.openFor(addUser(app, 'coordinator').username);
    const first = await value<{ endsAt: string; resourceIds: string[] }>('schedule.book', request);
    expect(first.resourceIds).toEqual([room.id]);
    const second = { ...request, patientId: clinic.patientIds[1], providerId: clinic.providerIds[1] };
    expect(await value<{ code: string; reason: string }[]>('schedule.check', second)).toEqual([
      expect.objectContaining({ code: 'resource-taken', reason: expect.stringMatching(/^Procedure room is in use/) }),
    ]);
    expect(await call('schedule.book', second)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The room cannot be retired while the type needs it; once let go, it is retired and no type may take it.
    app.session.openFor(addUser(app, 'supervisor', 'test.supervisor2').username);
    expect(await call('schedule.retireResource', { resourceId: room.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { resourceId: `Still required by ${type.name}` } },
    });
    await value('schedule.updateType', { ...form(edited), requiredResourceIds: [] });
    const retired = await value<Resource>('schedule.retireResource', { resourceId: room.id });
    expect(retired.retiredAt).not.toBeNull();
    expect(await call('schedule.updateType', { ...form(edited), requiredResourceIds: [room.id] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { 'requiredResourceIds.0': 'Procedure room is retired; choose another' } },
    });
  });

  it('edits a location’s telehealth link template; telehealth visits booked there get links from it', async () => {
    const locationId = clinic.locationIds[0]!;
    const template = 'https://meet.example.org/main/{appointment}';
    expect(
      await call('schedule.updateLocation', {
        locationId,
        name: 'Main Street',
        telehealthLinkTemplate: 'http://x/{id}',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { telehealthLinkTemplate: expect.stringMatching(/^Use an https:\/\//) } },
    });
    expect(
      await value('schedule.updateLocation', { locationId, name: 'Main Street', telehealthLinkTemplate: template }),
    ).toMatchObject({ id: locationId, name: 'Main Street', telehealthLinkTemplate: template });
    expect(audited().at(-1)).toBe('schedule.updateLocation');
    expect(changesOf('locations').at(-1)?.fields).toEqual({ name: 'Main Street', telehealthLinkTemplate: template });

    app.session.openFor(addUser(app, 'coordinator').username);
    const typeId = clinic.types.telehealth.id;
    const startsAt = (await slotsOf(clinic.providerIds[0]!, typeId))[0]!.startsAt;
    const booked = await value<{ id: string; telehealthUrl: string }>('schedule.book', {
      patientId: clinic.patientIds[0],
      providerId: clinic.providerIds[0],
      typeId,
      locationId,
      startsAt,
    });
    expect(booked.telehealthUrl).toBe(`https://meet.example.org/main/${booked.id}`);
  });

  it('refuses a bad edit with the field that is wrong, and writes nothing', async () => {
    const before = outboxSize();
    const type = clinic.types.followUp;
    expect(
      await call('schedule.updateType', {
        typeId: type.id,
        name: type.name,
        durationMinutes: 2,
        modality: 'in-person',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { durationMinutes: 'At least 5 minutes' } } });
    expect(
      await call('schedule.updateProvider', {
        providerId: 'nobody',
        name: 'Dr. Nobody',
        locationIds: clinic.locationIds,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { providerId: 'Choose a provider' } } });
    expect(await call('schedule.updateType', { ...form(type), allowedProviderIds: ['nobody'] })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', fields: { 'allowedProviderIds.0': 'Choose a provider' } },
    });
    expect(await call('schedule.addResource', { name: 'Room', kind: 'room', locationId: 'nowhere' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', fields: { locationId: 'Choose a location' } },
    });
    expect(
      await call('schedule.addResource', { name: '', kind: 'closet', locationId: clinic.locationIds[0] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { name: expect.any(String), kind: expect.any(String) } },
    });
    expect(outboxSize()).toBe(before);
  });
});
