import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { registerPatientReference } from '../patients/references';

/*
 * The scheduling tables. Lists (specialties, languages, ids) are JSON text: they are
 * read whole and never queried inside. No foreign keys: rows arrive from the hub in
 * pull pages in any order (decision 0501).
 */
export const locations = sqliteTable('locations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull(),
  telehealthLinkTemplate: text('telehealth_link_template'),
  createdAt: text('created_at').notNull(),
});

export const providers = sqliteTable('providers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  specialties: text('specialties').notNull(),
  languages: text('languages').notNull(),
  payers: text('payers').notNull(),
  locationIds: text('location_ids').notNull(),
  createdAt: text('created_at').notNull(),
});

export const resources = sqliteTable('resources', {
  id: text('id').primaryKey(),
  locationId: text('location_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['room', 'equipment'] }).notNull(),
  createdAt: text('created_at').notNull(),
  /** A room closed or equipment gone: kept for the visits that held it, never required again. */
  retiredAt: text('retired_at'),
});

export const appointmentTypes = sqliteTable('appointment_types', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  modality: text('modality', { enum: ['in-person', 'telehealth', 'phone'] }).notNull(),
  allowedProviderIds: text('allowed_provider_ids').notNull(),
  requiredResourceIds: text('required_resource_ids').notNull(),
  bufferMinutes: integer('buffer_minutes').notNull(),
  createdAt: text('created_at').notNull(),
});

export const availabilityTemplates = sqliteTable(
  'availability_templates',
  {
    id: text('id').primaryKey(),
    providerId: text('provider_id').notNull(),
    locationId: text('location_id').notNull(),
    weekday: integer('weekday').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    modalities: text('modalities').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    effectiveTo: text('effective_to'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('availability_templates_provider').on(t.providerId)],
);

export const scheduleExceptions = sqliteTable(
  'schedule_exceptions',
  {
    id: text('id').primaryKey(),
    providerId: text('provider_id'),
    locationId: text('location_id'),
    kind: text('kind', { enum: ['leave', 'holiday', 'block'] }).notNull(),
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    reason: text('reason').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('schedule_exceptions_time').on(t.startsAt, t.endsAt)],
);

export const appointments = sqliteTable(
  'appointments',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id').notNull(),
    providerId: text('provider_id').notNull(),
    typeId: text('type_id').notNull(),
    locationId: text('location_id').notNull(),
    /** UTC ISO instants: they sort as text, so range queries use the indexes. */
    startsAt: text('starts_at').notNull(),
    endsAt: text('ends_at').notNull(),
    status: text('status', {
      enum: ['booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no-show'],
    }).notNull(),
    hubState: text('hub_state', { enum: ['tentative', 'confirmed', 'rejected'] }).notNull(),
    reason: text('reason').notNull(),
    notes: text('notes').notNull(),
    telehealthUrl: text('telehealth_url'),
    interpreterNeeded: integer('interpreter_needed', { mode: 'boolean' }).notNull(),
    language: text('language').notNull(),
    transportNeeded: integer('transport_needed', { mode: 'boolean' }).notNull(),
    resourceIds: text('resource_ids').notNull(),
    seriesId: text('series_id'),
    cancelReason: text('cancel_reason'),
    overrideReason: text('override_reason'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('appointments_provider_time').on(t.providerId, t.startsAt),
    index('appointments_patient_time').on(t.patientId, t.startsAt),
    index('appointments_time').on(t.startsAt),
  ],
);

export const waitlistEntries = sqliteTable(
  'waitlist_entries',
  {
    id: text('id').primaryKey(),
    patientId: text('patient_id').notNull(),
    typeId: text('type_id').notNull(),
    providerIds: text('provider_ids').notNull(),
    earliestDate: text('earliest_date').notNull(),
    latestDate: text('latest_date').notNull(),
    notes: text('notes').notNull(),
    state: text('state', { enum: ['waiting', 'offered', 'booked', 'removed'] }).notNull(),
    createdAt: text('created_at').notNull(),
    /** Who put the patient on the waitlist (a username); null on entries made before it was kept. */
    createdBy: text('created_by'),
    /** Why a coordinator took the entry off the waitlist (state `removed`). */
    removedReason: text('removed_reason'),
  },
  (t) => [index('waitlist_entries_type').on(t.typeId, t.state)],
);

// Bookings and waitlist entries follow the person when two records are merged (decision 0320).
registerPatientReference({ mode: 'repoint', table: 'appointments', column: 'patient_id', field: 'patientId' });
registerPatientReference({ mode: 'repoint', table: 'waitlist_entries', column: 'patient_id', field: 'patientId' });
