import { appointments, appointmentTypes, providers } from '../../src-main/schedule/table';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../src-main/store/store';
import type { Appointment } from '../../src-shared/schedule/schemas';

/*
 * Schedule rows written straight to the store's tables, for tests of other features
 * (calls, the chart) that only need a visit to exist: booking and clinic set-up have
 * their own tests through their services.
 */

/** Dr. Patel and her 20-minute in-person follow-up. */
export function drPatelsFollowUps(store: Store): void {
  const now = new Date().toISOString();
  store.db
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
  store.db
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

/** A follow-up with Dr. Patel at the main location (see `drPatelsFollowUps`). */
export function patelVisit(
  store: Store,
  visit: {
    id: string;
    patientId: string;
    startsAt: string;
    endsAt?: string;
    status?: (typeof appointments.$inferInsert)['status'];
  },
): void {
  const now = new Date().toISOString();
  store.db
    .insert(appointments)
    .values({
      endsAt: visit.startsAt,
      status: 'booked',
      ...visit,
      providerId: 'dr-patel',
      typeId: 'follow-up',
      locationId: 'loc-main',
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

/**
 * A follow-up with Dr. Okonkwo at the main location as a workstation books it offline
 * (tentative until the hub answers), for `insertAppointment`: the sync tests' booking.
 */
export function tentativeFollowUp(
  patientId: string,
  { startsAt, endsAt, resourceIds = [] }: { startsAt: string; endsAt: string; resourceIds?: string[] },
): Appointment {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    patientId,
    providerId: 'prov-okonkwo',
    typeId: 'type-follow-up',
    locationId: 'loc-main',
    startsAt,
    endsAt,
    status: 'booked',
    hubState: 'tentative',
    reason: 'Follow-up',
    notes: '',
    telehealthUrl: null,
    interpreterNeeded: false,
    language: 'English',
    transportNeeded: false,
    resourceIds,
    seriesId: null,
    cancelReason: null,
    overrideReason: null,
    createdAt: now,
    updatedAt: now,
  };
}
