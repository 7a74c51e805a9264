import { z } from 'zod';
import { validTelehealthTemplate } from './telehealth';

/**
 * The scheduling model. Instants are ISO 8601 strings in UTC (`...Z`), so they sort
 * as text in SQLite and read the same on every workstation; wall times (`HH:mm`) and
 * calendar dates (`YYYY-MM-DD`) are in a location's time zone.
 */
const id = z.string().min(1).max(128);
const date = z.iso.date({ error: 'Enter a date as YYYY-MM-DD' });
const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Enter a time as HH:mm');
export const instantSchema = z.iso.datetime({ error: 'Not an instant (ISO 8601 with Z)' });
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

export const MODALITIES = ['in-person', 'telehealth', 'phone'] as const;
export type Modality = (typeof MODALITIES)[number];

export const APPOINTMENT_STATUSES = ['booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no-show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** Statuses that hold a provider's time; a cancelled visit frees it (a no-show already used it). */
export const ACTIVE_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed', 'arrived', 'completed', 'no-show'];

/** Where a booking stands with the hub: made here and not yet accepted, accepted, or refused. */
export const HUB_STATES = ['tentative', 'confirmed', 'rejected'] as const;
export type HubState = (typeof HUB_STATES)[number];

export const locationSchema = z.object({
  id,
  name: z.string(),
  timeZone: z.string(),
  /** e.g. `https://visit.example.org/{location}/{appointment}`; see telehealth.ts for the placeholders. */
  telehealthLinkTemplate: z.string().nullable(),
});
export type Location = z.infer<typeof locationSchema>;

export const providerSchema = z.object({
  id,
  name: z.string(),
  specialties: z.array(z.string()),
  languages: z.array(z.string()),
  payers: z.array(z.string()),
  locationIds: z.array(id),
});
export type Provider = z.infer<typeof providerSchema>;

export const RESOURCE_KINDS = ['room', 'equipment'] as const;
export const resourceSchema = z.object({
  id,
  locationId: id,
  name: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  /** When it was retired (a room closed, equipment gone); null while in use. */
  retiredAt: z.string().nullable(),
});
export type Resource = z.infer<typeof resourceSchema>;

export const appointmentTypeSchema = z.object({
  id,
  name: z.string(),
  durationMinutes: z.number().int().min(5).max(480),
  modality: z.enum(MODALITIES),
  /** Empty means any provider may see it. */
  allowedProviderIds: z.array(id),
  requiredResourceIds: z.array(id),
  /** Minutes kept free after the visit (room turnover, notes). */
  bufferMinutes: z.number().int().min(0).max(120),
});
export type AppointmentType = z.infer<typeof appointmentTypeSchema>;

export const availabilityTemplateSchema = z.object({
  id,
  providerId: id,
  locationId: id,
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: z.number().int().min(0).max(6),
  startTime: wallTime,
  endTime: wallTime,
  /** Which kinds of visit these hours take. */
  modalities: z.array(z.enum(MODALITIES)).min(1),
  effectiveFrom: date,
  /** Inclusive; null = until changed. */
  effectiveTo: date.nullable(),
});
export type AvailabilityTemplate = z.infer<typeof availabilityTemplateSchema>;

export const EXCEPTION_KINDS = ['leave', 'holiday', 'block'] as const;
export const scheduleExceptionSchema = z.object({
  id,
  /** null = everyone (a clinic holiday). */
  providerId: id.nullable(),
  /** null = every location. */
  locationId: id.nullable(),
  kind: z.enum(EXCEPTION_KINDS),
  startsAt: instantSchema,
  endsAt: instantSchema,
  reason: z.string(),
});
export type ScheduleException = z.infer<typeof scheduleExceptionSchema>;

export const appointmentSchema = z.object({
  id,
  patientId: id,
  providerId: id,
  typeId: id,
  locationId: id,
  startsAt: instantSchema,
  endsAt: instantSchema,
  status: z.enum(APPOINTMENT_STATUSES),
  hubState: z.enum(HUB_STATES),
  reason: z.string(),
  notes: z.string(),
  telehealthUrl: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  /** The patient's preferred language for this visit (the interpreter's, when one is needed). */
  language: z.string(),
  transportNeeded: z.boolean(),
  resourceIds: z.array(id),
  seriesId: z.string().nullable(),
  cancelReason: z.string().nullable(),
  overrideReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Appointment = z.infer<typeof appointmentSchema>;

/** An appointment as the grid and lists show it: with who the patient is. */
export const appointmentViewSchema = appointmentSchema.extend({
  patientName: z.string(),
  patientPhone: z.string(),
  patientDateOfBirth: z.string(),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

export const WAITLIST_STATES = ['waiting', 'offered', 'booked', 'removed'] as const;
export const waitlistEntrySchema = z.object({
  id,
  patientId: id,
  typeId: id,
  /** Empty = any provider. */
  providerIds: z.array(id),
  earliestDate: date,
  latestDate: date,
  notes: z.string(),
  state: z.enum(WAITLIST_STATES),
  createdAt: z.string(),
  /** Who added it (a username); null on entries made before this was kept. */
  createdBy: z.string().nullable(),
  /** Why it was taken off the waitlist (state `removed`). */
  removedReason: z.string().nullable(),
});
export type WaitlistEntry = z.infer<typeof waitlistEntrySchema>;

export const clinicSetupSchema = z.object({
  timeZone: z.string(),
  locations: z.array(locationSchema),
  providers: z.array(providerSchema),
  resources: z.array(resourceSchema),
  types: z.array(appointmentTypeSchema),
  templates: z.array(availabilityTemplateSchema),
});
export type ClinicSetup = z.infer<typeof clinicSetupSchema>;

// ---- inputs ----

export const overrideSchema = z.strictObject({
  reason: text(500).min(3, 'Say why the conflict is overridden (at least 3 characters)'),
});

export const bookingRequestSchema = z.strictObject({
  patientId: id,
  providerId: id,
  typeId: id,
  locationId: id,
  startsAt: instantSchema,
  reason: text(500).default(''),
  notes: text(2000).default(''),
  interpreterNeeded: z.boolean().default(false),
  language: text(60).default('English'),
  transportNeeded: z.boolean().default(false),
  override: overrideSchema.optional(),
});
export type BookingRequest = z.output<typeof bookingRequestSchema>;
export type BookingRequestInput = z.input<typeof bookingRequestSchema>;

export const rescheduleRequestSchema = z.strictObject({
  appointmentId: id,
  providerId: id,
  /** Where the new provider works at the new time; the appointment's own location when left out. */
  locationId: id.optional(),
  startsAt: instantSchema,
  override: overrideSchema.optional(),
});
export type RescheduleRequest = z.output<typeof rescheduleRequestSchema>;

export const cancelRequestSchema = z.strictObject({
  appointmentId: id,
  reason: text(500).min(3, 'A reason is required to cancel (at least 3 characters)'),
});

export const statusRequestSchema = z.strictObject({
  appointmentId: id,
  status: z.enum(['confirmed', 'arrived', 'completed', 'no-show']),
});

export const editRequestSchema = z.strictObject({
  appointmentId: id,
  reason: text(500),
  notes: text(2000),
  interpreterNeeded: z.boolean(),
  language: text(60).min(1, 'Language is required'),
  transportNeeded: z.boolean(),
});
export type EditRequest = z.output<typeof editRequestSchema>;

export const dayQuerySchema = z.strictObject({ date, providerIds: z.array(id).max(500).optional() });
export const rangeQuerySchema = z.strictObject({ from: date, to: date, providerId: id });

export const findNextQuerySchema = z
  .strictObject({
    typeId: id,
    providerIds: z.array(id).max(500).default([]),
    locationIds: z.array(id).max(100).default([]),
    fromDate: date,
    toDate: date,
    timeOfDay: z.strictObject({ from: wallTime, to: wallTime }).optional(),
    /** 0 = Sunday ... 6 = Saturday; empty = every day. */
    daysOfWeek: z.array(z.number().int().min(0).max(6)).max(7).default([]),
    language: text(60).optional(),
    payer: text(100).optional(),
    telehealthOnly: z.boolean().default(false),
    limit: z.number().int().min(1).max(100).default(10),
  })
  .refine((q) => q.toDate >= q.fromDate, { message: 'The range must end on or after its start', path: ['toDate'] })
  .refine((q) => !q.timeOfDay || q.timeOfDay.to > q.timeOfDay.from, {
    message: 'The time of day must end after it starts',
    path: ['timeOfDay', 'to'],
  });
export type FindNextQuery = z.output<typeof findNextQuerySchema>;

export const slotSchema = z.object({
  providerId: id,
  locationId: id,
  startsAt: instantSchema,
  endsAt: instantSchema,
});
export type Slot = z.infer<typeof slotSchema>;

export const followUpQuerySchema = z.strictObject({
  appointmentId: id,
  weeks: z.number().int().min(1).max(104),
  limit: z.number().int().min(1).max(20).default(5),
});

export const seriesRequestSchema = z.strictObject({
  first: bookingRequestSchema.omit({ override: true }),
  everyWeeks: z.number().int().min(1).max(12),
  count: z.number().int().min(2).max(52),
});
export type SeriesRequest = z.output<typeof seriesRequestSchema>;

export const coordinatedRequestSchema = z.strictObject({
  patientId: id,
  date,
  locationId: id,
  /** In order: each visit starts when the one before ends (plus at most `maxGapMinutes`). */
  legs: z
    .array(z.strictObject({ typeId: id, providerIds: z.array(id).max(100).default([]) }))
    .min(2)
    .max(5),
  maxGapMinutes: z.number().int().min(0).max(120).default(15),
  book: z.boolean().default(false),
});

export const waitlistAddSchema = z
  .strictObject({
    patientId: id,
    typeId: id,
    providerIds: z.array(id).max(100).default([]),
    earliestDate: date,
    latestDate: date,
    notes: text(1000).default(''),
  })
  .refine((w) => w.latestDate >= w.earliestDate, {
    message: 'The window must end on or after its start',
    path: ['latestDate'],
  });

/** Take a patient off the waitlist: the reason is kept on the entry and syncs with it. */
export const waitlistRemoveSchema = z.strictObject({
  entryId: id,
  reason: text(500).min(3, 'A reason is required to remove an entry (at least 3 characters)'),
});

/** Book a freed slot for a patient on the waitlist: the booking and the entry fulfilled together. */
export const waitlistBookingSchema = bookingRequestSchema.extend({ waitlistEntryId: id });
export type WaitlistBooking = z.output<typeof waitlistBookingSchema>;

export const remindersQuerySchema = z.strictObject({ date });

export const conflictCodes = [
  'type-not-allowed',
  'outside-availability',
  'in-exception',
  'provider-booked',
  'patient-overlap',
  'resource-taken',
] as const;
export type ConflictCode = (typeof conflictCodes)[number];
export const conflictSchema = z.object({ code: z.enum(conflictCodes), reason: z.string(), overridable: z.boolean() });
export type Conflict = z.infer<typeof conflictSchema>;

// ---- clinic set-up (supervisors and admins) ----

const names = (what: string) =>
  z
    .array(text(60).min(1, `A ${what} cannot be blank`))
    .max(30)
    .transform((list) => [...new Set(list)]);

export const providerInputSchema = z.strictObject({
  name: text(120).min(2, 'Enter the provider’s name'),
  specialties: names('specialty').default([]),
  languages: names('language').default(['English']),
  payers: names('payer').default([]),
  locationIds: z.array(id).min(1, 'Choose at least one location').max(20),
});
export type ProviderInput = z.output<typeof providerInputSchema>;

export const typeInputSchema = z.strictObject({
  name: text(120).min(2, 'Enter the visit type’s name'),
  durationMinutes: z.number().int().min(5, 'At least 5 minutes').max(480, 'At most 8 hours'),
  modality: z.enum(MODALITIES),
  bufferMinutes: z.number().int().min(0).max(120, 'At most 120 minutes').default(0),
  /** Empty = any provider. */
  allowedProviderIds: z.array(id).max(500).default([]),
  /** Rooms and equipment every visit of this type holds for its whole length. */
  requiredResourceIds: z.array(id).max(20).default([]),
});
export type TypeInput = z.output<typeof typeInputSchema>;

/** Editing is the same form as adding, for a provider or type that exists. */
export const providerUpdateSchema = providerInputSchema.extend({ providerId: id });
export type ProviderUpdate = z.output<typeof providerUpdateSchema>;
export const typeUpdateSchema = typeInputSchema.extend({ typeId: id });
export type TypeUpdate = z.output<typeof typeUpdateSchema>;

/**
 * A location's name and telehealth link template. Its time zone is set when IT creates it
 * and not edited here: every weekly hour there is a wall time in that zone.
 */
export const locationUpdateSchema = z.strictObject({
  locationId: id,
  name: text(120).min(2, 'Enter the location’s name'),
  telehealthLinkTemplate: text(500)
    .refine((t) => t === '' || validTelehealthTemplate(t), {
      message: 'Use an https:// address with {appointment} (and optionally {location}, {provider}) in it',
    })
    .transform((t) => t || null),
});
export type LocationUpdate = z.output<typeof locationUpdateSchema>;

export const resourceInputSchema = z.strictObject({
  name: text(120).min(2, 'Enter the room’s or equipment’s name'),
  kind: z.enum(RESOURCE_KINDS),
  locationId: id,
});
export type ResourceInput = z.output<typeof resourceInputSchema>;
export const resourceUpdateSchema = resourceInputSchema.extend({ resourceId: id });
export type ResourceUpdate = z.output<typeof resourceUpdateSchema>;

/** Weekly hours for one provider at one location, on several weekdays at once ("Mon–Fri 9–5"). */
export const hoursInputSchema = z
  .strictObject({
    providerId: id,
    locationId: id,
    weekdays: z
      .array(z.number().int().min(0).max(6))
      .min(1, 'Choose at least one day')
      .max(7)
      .transform((days) => [...new Set(days)].sort()),
    startTime: wallTime,
    endTime: wallTime,
    modalities: z.array(z.enum(MODALITIES)).min(1, 'Choose at least one kind of visit'),
    effectiveFrom: date,
    effectiveTo: date.nullable().default(null),
  })
  .refine((h) => h.endTime > h.startTime, { message: 'The hours must end after they start', path: ['endTime'] })
  .refine((h) => h.effectiveTo === null || h.effectiveTo >= h.effectiveFrom, {
    message: 'The last day must be on or after the first',
    path: ['effectiveTo'],
  });
export type HoursInput = z.output<typeof hoursInputSchema>;

export const endHoursSchema = z.strictObject({ templateId: id, lastDate: date });

/** Leave, a holiday or a block, in the clinic's zone: whole days unless times are given. */
export const exceptionInputSchema = z
  .strictObject({
    /** null = everyone (a clinic holiday). */
    providerId: id.nullable(),
    locationId: id.nullable().default(null),
    kind: z.enum(EXCEPTION_KINDS),
    fromDate: date,
    toDate: date,
    fromTime: wallTime.optional(),
    toTime: wallTime.optional(),
    reason: text(200).min(2, 'Say what it is (leave, training, holiday…)'),
  })
  .refine((e) => e.toDate >= e.fromDate, { message: 'The last day must be on or after the first', path: ['toDate'] })
  .refine((e) => e.toDate > e.fromDate || !e.fromTime || !e.toTime || e.toTime > e.fromTime, {
    message: 'It must end after it starts',
    path: ['toTime'],
  });
export type ExceptionInput = z.output<typeof exceptionInputSchema>;

export const exceptionsQuerySchema = z
  .strictObject({ fromDate: date, toDate: date })
  .refine((q) => q.toDate >= q.fromDate, { message: 'The range must end on or after its start', path: ['toDate'] });
