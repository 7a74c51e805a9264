import type { Booked } from '../../src-shared/schedule/conflicts';
import type { SlotSearchData } from '../../src-shared/schedule/find-next';
import type {
  AppointmentType,
  AvailabilityTemplate,
  Location,
  Provider,
  ScheduleException,
} from '../../src-shared/schedule/schemas';
import { addDays, todayIn, weekday } from '../../src-shared/schedule/clinic-time';
import type { ChannelInput, ChannelOutput } from '../../src-shared/ipc/channel';
import type { ChannelName, Contract } from '../../src-shared/ipc/contract';
import { seedDemoClinic, DEMO_TIME_ZONE, type DemoClinic, type DemoOptions } from '../../src-main/schedule/demo-seed';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';

/** A small clinic in Boston for the pure rules: two family doctors, a lab, one phlebotomy chair. */
export const ZONE = 'America/New_York';
export const main: Location = {
  id: 'loc-main',
  name: 'Main Street',
  timeZone: ZONE,
  telehealthLinkTemplate: 'https://visit.example.org/{location}/{appointment}',
};
export const west: Location = {
  id: 'loc-west',
  name: 'West Side',
  timeZone: 'America/Los_Angeles',
  telehealthLinkTemplate: null,
};
export const locations = new Map([main, west].map((l) => [l.id, l]));

export const patel: Provider = {
  id: 'dr-patel',
  name: 'Dr. Patel',
  specialties: ['Family Medicine'],
  languages: ['English', 'Spanish'],
  payers: ['Medicare', 'Aetna'],
  locationIds: ['loc-main'],
};
export const okafor: Provider = {
  id: 'dr-okafor',
  name: 'Dr. Okafor',
  specialties: ['Family Medicine'],
  languages: ['English'],
  payers: ['Aetna'],
  locationIds: ['loc-main'],
};
export const lab: Provider = {
  id: 'lab-1',
  name: 'Lab Tech Rossi',
  specialties: ['Laboratory'],
  languages: ['English'],
  payers: ['Medicare', 'Aetna'],
  locationIds: ['loc-main'],
};
export const providers = [okafor, patel, lab];

export const followUp: AppointmentType = {
  id: 'follow-up',
  name: 'Follow-up',
  durationMinutes: 20,
  modality: 'in-person',
  allowedProviderIds: ['dr-patel', 'dr-okafor'],
  requiredResourceIds: [],
  bufferMinutes: 0,
};
export const newPatient: AppointmentType = {
  id: 'new',
  name: 'New patient',
  durationMinutes: 40,
  modality: 'in-person',
  allowedProviderIds: ['dr-patel', 'dr-okafor'],
  requiredResourceIds: [],
  bufferMinutes: 10,
};
export const telehealth: AppointmentType = {
  id: 'tele',
  name: 'Telehealth follow-up',
  durationMinutes: 20,
  modality: 'telehealth',
  allowedProviderIds: [],
  requiredResourceIds: [],
  bufferMinutes: 0,
};
export const labDraw: AppointmentType = {
  id: 'lab',
  name: 'Lab draw',
  durationMinutes: 15,
  modality: 'in-person',
  allowedProviderIds: ['lab-1'],
  requiredResourceIds: ['chair'],
  bufferMinutes: 0,
};

const weekdays = (
  providerId: string,
  startTime: string,
  endTime: string,
  modalities: AvailabilityTemplate['modalities'] = ['in-person', 'telehealth'],
): AvailabilityTemplate[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({
    id: `${providerId}-${weekday}-${startTime}`,
    providerId,
    locationId: 'loc-main',
    weekday,
    startTime,
    endTime,
    modalities,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  }));

export const templates: AvailabilityTemplate[] = [
  ...weekdays('dr-patel', '09:00', '12:00'),
  ...weekdays('dr-patel', '13:00', '17:00'),
  // Dr. Okafor sees only in-person visits, and only mornings.
  ...weekdays('dr-okafor', '08:00', '12:00', ['in-person']),
  ...weekdays('lab-1', '07:00', '15:00', ['in-person']),
];

export const instant = (iso: string) => Date.parse(iso);

export function booked(partial: Partial<Booked> & { start: number; end: number }): Booked {
  return {
    appointmentId: 'a-1',
    providerId: 'dr-patel',
    patientId: 'p-2',
    bufferMinutes: 0,
    resourceIds: [],
    ...partial,
  };
}

export function searchData(bookedList: Booked[] = [], exceptions: ScheduleException[] = []): SlotSearchData {
  return {
    clinicTimeZone: ZONE,
    providers,
    locations,
    templates,
    exceptions,
    bookedBetween: (start, end) => bookedList.filter((b) => b.start < end && start < b.end),
  };
}

/**
 * A demo clinic on a fresh encrypted store, and the day its tests book on: a weekday a week or
 * more ahead, so every demo provider works 8–12 and 13–17 and nothing is in the past. Call it
 * from `beforeEach`; the caller disposes `app`.
 */
export function demoClinicOnNextWeekday(seed: Pick<DemoOptions, 'providers' | 'perProviderPerDay'>): {
  app: TestCareDesk;
  clinic: DemoClinic;
  day: string;
} {
  const app = freshCareDesk();
  let day = addDays(todayIn(DEMO_TIME_ZONE), 7);
  while ([0, 6].includes(weekday(day))) day = addDays(day, 1);
  const clinic = seedDemoClinic(app.store, {
    ...seed,
    days: 1,
    createPatient: (p) => app.patients.create(p, { userId: 'test' }).id,
  })!;
  app.schedule.setupChanged();
  return { app, clinic, day };
}

/** A router call that must succeed, typed by its channel; `desk` is read at call time (set in `beforeEach`). */
export const routerValue =
  (desk: () => TestCareDesk) =>
  async <C extends ChannelName>(channel: C, input: ChannelInput<Contract[C]>): Promise<ChannelOutput<Contract[C]>> => {
    const result = await desk().router(channel, input, fromWindow);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.message}`);
    return result.value as ChannelOutput<Contract[C]>;
  };
