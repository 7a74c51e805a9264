import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../src-shared/schedule/clinic-time';
import type { SessionUser } from '../../src-shared/session/contract';
import { insertLocation } from '../../src-main/schedule/setup';
import { hubForEachTest } from '../support/hub';
import { type TestWorkstation } from '../support/workstation';
import { syncedState } from '../support/synced-state';

const env = hubForEachTest('Set-up clinic', 'supervisor');

const supervisor = (ws: TestWorkstation): SessionUser => ({
  userId: ws.actor.userId,
  username: env.clinic.username,
  displayName: 'Supervisor',
  role: 'supervisor',
});

describe('the clinic set-up reaches every workstation', () => {
  it('a provider, a room and a visit type made on one, then edited, are the same on the other and bookable there', async () => {
    const office = await env.workstation('practice office');
    const desk = await env.workstation('front desk');
    const who = supervisor(office);
    // Locations come from IT's clinic set-up, not this screen.
    const location = office.store.write((tx) =>
      insertLocation(
        office.store,
        tx,
        { name: 'Main Street', timeZone: 'America/New_York', telehealthLinkTemplate: null },
        office.actor,
      ),
    );
    office.schedule.setupChanged();
    const provider = office.schedule.clinic.addProvider(
      {
        name: 'Dr. Lena Okafor',
        specialties: ['Cardiology'],
        languages: ['English'],
        payers: [],
        locationIds: [location.id],
      },
      who,
    );
    const room = office.schedule.clinic.addResource({ name: 'Echo room', kind: 'room', locationId: location.id }, who);
    const type = office.schedule.clinic.addType(
      {
        name: 'Echo',
        durationMinutes: 30,
        modality: 'in-person',
        bufferMinutes: 0,
        allowedProviderIds: [],
        requiredResourceIds: [],
      },
      who,
    );
    const monday = addDays(todayIn('America/New_York'), 7);
    office.schedule.clinic.addHours(
      {
        providerId: provider.id,
        locationId: location.id,
        weekdays: [0, 1, 2, 3, 4, 5, 6],
        startTime: '09:00',
        endTime: '12:00',
        modalities: ['in-person'],
        effectiveFrom: todayIn('America/New_York'),
        effectiveTo: null,
      },
      who,
    );
    expect((await office.sync.syncNow()).pending).toBe(0);
    await desk.sync.syncNow();
    expect(desk.schedule.setup().providers.map((p) => p.name)).toEqual(['Dr. Lena Okafor']);

    // Edited on the office workstation after the first sync: only the changes travel, and arrive.
    const { id: providerId, ...providerFields } = provider;
    office.schedule.clinic.updateProvider({ providerId, ...providerFields, languages: ['English', 'French'] }, who);
    const { id: typeId, ...typeFields } = type;
    office.schedule.clinic.updateType(
      { typeId, ...typeFields, durationMinutes: 45, requiredResourceIds: [room.id] },
      who,
    );
    await office.sync.syncNow();
    await desk.sync.syncNow();

    expect(syncedState(desk)).toEqual(syncedState(office));
    const there = desk.schedule.setup();
    expect(there.providers[0]).toMatchObject({ languages: ['English', 'French'] });
    expect(there.types[0]).toMatchObject({ durationMinutes: 45, requiredResourceIds: [room.id] });
    // The front desk finds the provider's open slots by the new language, 45 minutes long.
    const [slot] = desk.schedule.findNext({
      typeId: type.id,
      providerIds: [],
      locationIds: [],
      fromDate: monday,
      toDate: monday,
      daysOfWeek: [],
      language: 'French',
      telehealthOnly: false,
      limit: 1,
    });
    expect(slot).toMatchObject({ providerId: provider.id });
    expect(Date.parse(slot!.endsAt) - Date.parse(slot!.startsAt)).toBe(45 * 60_000);
  });
});
