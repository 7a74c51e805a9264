import { count } from 'drizzle-orm';
import { addDays, MINUTE, todayIn, toIso, weekday, zonedInstant } from '../../src-shared/schedule/clinic-time';
import type { Appointment, AppointmentType, Modality } from '../../src-shared/schedule/schemas';
import type { NewPatient } from '../../src-shared/patients/schemas';
import { timeOrderedUuid } from '../store/ids';
import type { Actor, Store } from '../store/store';
import { insertAppointment } from './appointments';
import {
  insertAppointmentType,
  insertException,
  insertLocation,
  insertProvider,
  insertResource,
  insertTemplate,
} from './setup';
import { locations } from './table';

/**
 * A demo clinic for the harness, the e2e tests and the benchmarks (never the
 * packaged app: only src-main/harness and tests call this). Deterministic, so a test
 * knows who works when.
 */
export interface DemoOptions {
  providers?: number;
  /** Appointments per provider per day booked for `days` days from today. */
  perProviderPerDay?: number;
  days?: number;
  today?: string;
  timeZone?: string;
  createPatient: (p: NewPatient) => string;
}

export const DEMO_TIME_ZONE = 'America/New_York';
export const DEMO_ACTOR: Actor = { userId: 'system:demo-seed' };

const FIRST = [
  'Amara',
  'Jonas',
  'Priya',
  'Mateo',
  'Grace',
  'Tomasz',
  'Leila',
  'Kwame',
  'Sofia',
  'Ibrahim',
  'Mei',
  'Diego',
];
const LAST = [
  'Patel',
  'Okafor',
  'Nguyen',
  'Silva',
  'Kowalski',
  'Haddad',
  'Mensah',
  'Rossi',
  'Cohen',
  'Tanaka',
  'Reyes',
  'Byrne',
];
/** Surnames of patients after the first twelve, so a demo name search finds one person. */
const MORE_LAST = [
  'Adeyemi',
  'Bergstrom',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Gallagher',
  'Hoang',
  'Ivanova',
  'Jovanovic',
  'Kaur',
  'Lindqvist',
];
const SPECIALTIES = ['Family Medicine', 'Cardiology', 'Endocrinology', 'Pediatrics', 'Behavioral Health', 'Laboratory'];
const LANGUAGES = ['Spanish', 'Portuguese', 'Haitian Creole', 'Vietnamese', 'Mandarin'];
const PAYERS = ['Medicare', 'MassHealth', 'Blue Cross', 'Aetna', 'Tufts Health'];

export interface DemoClinic {
  locationIds: string[];
  providerIds: string[];
  types: Record<'newPatient' | 'followUp' | 'telehealth' | 'lab' | 'phone', AppointmentType>;
  patientIds: string[];
  today: string;
}

/** Seeds the clinic once; a store that already has locations is left alone (returns null). */
export function seedDemoClinic(store: Store, options: DemoOptions): DemoClinic | null {
  if (store.db.select({ n: count() }).from(locations).get()!.n > 0) return null;
  const zone = options.timeZone ?? DEMO_TIME_ZONE;
  const today = options.today ?? todayIn(zone);
  const providerCount = options.providers ?? 8;
  const perDay = options.perProviderPerDay ?? 4;
  const days = options.days ?? 3;
  const patientIds = Array.from({ length: Math.max(24, providerCount + 4) }, (_, i) =>
    options.createPatient({
      firstName: FIRST[i % FIRST.length]!,
      lastName:
        i < LAST.length
          ? LAST[(i * 7 + 3) % LAST.length]!
          : `${MORE_LAST[i % MORE_LAST.length]}${i >= 2 * LAST.length ? `-${LAST[i % LAST.length]}` : ''}`,
      dateOfBirth: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
      phone: `+1617555${String(1000 + i).slice(-4)}`,
    }),
  );

  return store.write((tx) => {
    const a = DEMO_ACTOR;
    const main = insertLocation(
      store,
      tx,
      {
        name: 'Main Street Clinic',
        timeZone: zone,
        telehealthLinkTemplate: 'https://visit.caredesk.example/{location}/{appointment}',
      },
      a,
    );
    const river = insertLocation(
      store,
      tx,
      {
        name: 'Riverside Health Center',
        timeZone: zone,
        telehealthLinkTemplate: 'https://visit.caredesk.example/{location}/{appointment}',
      },
      a,
    );
    const chair = insertResource(store, tx, { locationId: main.id, name: 'Phlebotomy chair', kind: 'equipment' }, a);
    const providerIds: string[] = [];
    const labIds: string[] = [];
    for (let i = 0; i < providerCount; i++) {
      const specialty = SPECIALTIES[i % SPECIALTIES.length]!;
      const location = i % 4 === 3 ? river : main;
      const p = insertProvider(
        store,
        tx,
        {
          name: `Dr. ${FIRST[(i * 5) % FIRST.length]} ${LAST[i % LAST.length]}${i >= LAST.length ? ` ${Math.floor(i / LAST.length) + 1}` : ''}`,
          specialties: [specialty],
          languages: ['English', ...(i % 3 === 0 ? [LANGUAGES[(i / 3) % LANGUAGES.length]!] : [])],
          payers: PAYERS.filter((_, j) => (i + j) % 4 !== 0),
          locationIds: [location.id],
        },
        a,
      );
      providerIds.push(p.id);
      if (specialty === 'Laboratory') labIds.push(p.id);
      const all: Modality[] = ['in-person', 'telehealth', 'phone'];
      for (let day = 1; day <= 5; day++) {
        insertTemplate(
          store,
          tx,
          {
            providerId: p.id,
            locationId: location.id,
            weekday: day,
            startTime: '08:00',
            endTime: '12:00',
            modalities: all,
            effectiveFrom: addDays(today, -30),
            effectiveTo: null,
          },
          a,
        );
        insertTemplate(
          store,
          tx,
          {
            providerId: p.id,
            locationId: location.id,
            weekday: day,
            startTime: '13:00',
            endTime: '17:00',
            modalities: all,
            effectiveFrom: addDays(today, -30),
            effectiveTo: null,
          },
          a,
        );
      }
      // The weekend clinic: everyone works Saturday and Sunday mornings, so the demo always has open hours.
      for (const day of [0, 6]) {
        insertTemplate(
          store,
          tx,
          {
            providerId: p.id,
            locationId: location.id,
            weekday: day,
            startTime: '09:00',
            endTime: '13:00',
            modalities: all,
            effectiveFrom: addDays(today, -30),
            effectiveTo: null,
          },
          a,
        );
      }
    }
    const types = {
      newPatient: insertAppointmentType(
        store,
        tx,
        {
          name: 'New patient visit',
          durationMinutes: 40,
          modality: 'in-person',
          allowedProviderIds: [],
          requiredResourceIds: [],
          bufferMinutes: 5,
        },
        a,
      ),
      followUp: insertAppointmentType(
        store,
        tx,
        {
          name: 'Follow-up',
          durationMinutes: 20,
          modality: 'in-person',
          allowedProviderIds: [],
          requiredResourceIds: [],
          bufferMinutes: 0,
        },
        a,
      ),
      telehealth: insertAppointmentType(
        store,
        tx,
        {
          name: 'Telehealth follow-up',
          durationMinutes: 20,
          modality: 'telehealth',
          allowedProviderIds: [],
          requiredResourceIds: [],
          bufferMinutes: 0,
        },
        a,
      ),
      lab: insertAppointmentType(
        store,
        tx,
        {
          name: 'Lab draw',
          durationMinutes: 15,
          modality: 'in-person',
          allowedProviderIds: labIds,
          requiredResourceIds: [chair.id],
          bufferMinutes: 0,
        },
        a,
      ),
      phone: insertAppointmentType(
        store,
        tx,
        {
          name: 'Phone check-in',
          durationMinutes: 10,
          modality: 'phone',
          allowedProviderIds: [],
          requiredResourceIds: [],
          bufferMinutes: 0,
        },
        a,
      ),
    };
    if (providerIds[1]) {
      insertException(
        store,
        tx,
        {
          providerId: providerIds[1],
          locationId: null,
          kind: 'leave',
          startsAt: toIso(zonedInstant(addDays(today, 3), 0, zone)),
          endsAt: toIso(zonedInstant(addDays(today, 4), 0, zone)),
          reason: 'Annual leave',
        },
        a,
      );
    }
    if (providerIds[2]) {
      insertException(
        store,
        tx,
        {
          providerId: providerIds[2],
          locationId: null,
          kind: 'block',
          startsAt: toIso(zonedInstant(addDays(today, 1), 15 * 60, zone)),
          endsAt: toIso(zonedInstant(addDays(today, 1), 16 * 60, zone)),
          reason: 'Staff meeting',
        },
        a,
      );
    }

    // Booked visits from 13:00 on weekdays, from 11:00 at weekends: every morning
    // keeps open slots for the people (and tests) booking into it.
    const now = new Date().toISOString();
    for (let d = 0; d < days; d++) {
      const date = addDays(today, d);
      const weekend = [0, 6].includes(weekday(date));
      const from = weekend ? 11 * 60 : 13 * 60;
      const room = weekend ? 120 : 240;
      for (let k = 0; k < perDay; k++) {
        const spacing = Math.max(5, Math.floor(room / perDay / 5) * 5);
        const minutes = k * spacing;
        for (let p = 0; p < providerIds.length; p++) {
          const start = zonedInstant(date, from + minutes, zone);
          const type = k % 3 === 2 ? types.telehealth : types.followUp;
          const length = Math.min(type.durationMinutes, spacing);
          const providerLocation = p % 4 === 3 ? river : main;
          const appointment: Appointment = {
            // As the booking service makes them (decision 0530): time-ordered.
            id: timeOrderedUuid(),
            patientId: patientIds[(k * providerIds.length + p + d) % patientIds.length]!,
            providerId: providerIds[p]!,
            typeId: type.id,
            locationId: providerLocation.id,
            startsAt: toIso(start),
            endsAt: toIso(start + length * MINUTE),
            status: k % 2 === 0 ? 'confirmed' : 'booked',
            hubState: 'confirmed',
            reason: k % 3 === 2 ? 'Medication review' : 'Routine follow-up',
            notes: '',
            telehealthUrl:
              type.modality === 'telehealth'
                ? `https://visit.caredesk.example/${providerLocation.id}/seed-${d}-${k}-${p}`
                : null,
            interpreterNeeded: p % 3 === 0 && k === 0,
            language: p % 3 === 0 && k === 0 ? LANGUAGES[(p / 3) % LANGUAGES.length]! : 'English',
            transportNeeded: k === 1 && p % 5 === 0,
            resourceIds: [],
            seriesId: null,
            cancelReason: null,
            overrideReason: null,
            createdAt: now,
            updatedAt: now,
          };
          insertAppointment(store, tx, appointment, a);
        }
      }
    }
    return { locationIds: [main.id, river.id], providerIds, types, patientIds, today };
  });
}
