import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { CARE_TEAM, type Role } from '../roles';

/** Who may change the clinic's set-up (providers, hours, leave, visit types). */
export const SETUP_ROLES: readonly Role[] = ['supervisor', 'admin'];
import {
  appointmentSchema,
  appointmentViewSchema,
  bookingRequestSchema,
  cancelRequestSchema,
  clinicSetupSchema,
  conflictSchema,
  coordinatedRequestSchema,
  dayQuerySchema,
  editRequestSchema,
  endHoursSchema,
  exceptionInputSchema,
  exceptionsQuerySchema,
  hoursInputSchema,
  providerInputSchema,
  providerUpdateSchema,
  locationSchema,
  locationUpdateSchema,
  resourceInputSchema,
  resourceSchema,
  resourceUpdateSchema,
  typeInputSchema,
  typeUpdateSchema,
  waitlistBookingSchema,
  appointmentTypeSchema,
  availabilityTemplateSchema,
  providerSchema,
  findNextQuerySchema,
  followUpQuerySchema,
  rangeQuerySchema,
  remindersQuerySchema,
  rescheduleRequestSchema,
  scheduleExceptionSchema,
  seriesRequestSchema,
  slotSchema,
  statusRequestSchema,
  waitlistAddSchema,
  waitlistEntrySchema,
  waitlistRemoveSchema,
} from './schemas';

const appointmentsView = z.object({
  appointments: z.array(appointmentViewSchema),
  exceptions: z.array(scheduleExceptionSchema),
});
const patientsOf = (_input: unknown, out: { appointments: { patientId: string }[] }) => [
  ...new Set(out.appointments.map((a) => a.patientId)),
];

export const waitlistOfferSchema = waitlistEntrySchema.extend({ patientName: z.string(), patientPhone: z.string() });
export type WaitlistOffer = z.infer<typeof waitlistOfferSchema>;
/** An open waitlist entry as the waitlist screen lists it: with who the patient is. */
export const waitlistRowSchema = waitlistEntrySchema.extend({ patientName: z.string() });
export type WaitlistRow = z.infer<typeof waitlistRowSchema>;
export const reminderSchema = appointmentViewSchema.extend({ providerName: z.string(), typeName: z.string() });

export const scheduleChannels = {
  /** Locations, providers, resources, types and templates: the clinic's set-up, no PHI. */
  'schedule.setup': defineChannel({
    name: 'schedule.setup',
    input: z.strictObject({}),
    output: clinicSetupSchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
  'schedule.day': defineChannel({
    name: 'schedule.day',
    input: dayQuerySchema,
    output: appointmentsView,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: patientsOf,
  }),
  'schedule.range': defineChannel({
    name: 'schedule.range',
    input: rangeQuerySchema,
    output: appointmentsView,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: patientsOf,
  }),
  /** The conflicts a booking would meet, before it is made: the booking dialog shows them. */
  'schedule.check': defineChannel({
    name: 'schedule.check',
    input: bookingRequestSchema,
    output: z.array(conflictSchema),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.patientId],
  }),
  'schedule.book': defineChannel({
    name: 'schedule.book',
    input: bookingRequestSchema,
    output: appointmentSchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (_input, appointment) => [appointment.patientId],
  }),
  'schedule.reschedule': defineChannel({
    name: 'schedule.reschedule',
    input: rescheduleRequestSchema,
    output: appointmentSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, appointment) => [appointment.patientId],
  }),
  'schedule.cancel': defineChannel({
    name: 'schedule.cancel',
    input: cancelRequestSchema,
    output: z.object({ appointment: appointmentSchema, waitlistOffers: z.array(waitlistOfferSchema) }),
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, out) => [out.appointment.patientId, ...out.waitlistOffers.map((o) => o.patientId)],
  }),
  'schedule.setStatus': defineChannel({
    name: 'schedule.setStatus',
    input: statusRequestSchema,
    output: appointmentSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, appointment) => [appointment.patientId],
  }),
  'schedule.edit': defineChannel({
    name: 'schedule.edit',
    input: editRequestSchema,
    output: appointmentSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, appointment) => [appointment.patientId],
  }),
  /** Open slots only: which provider is free when says nothing about any patient. */
  'schedule.findNext': defineChannel({
    name: 'schedule.findNext',
    input: findNextQuerySchema,
    output: z.array(slotSchema),
    phi: 'none',
    roles: CARE_TEAM,
  }),
  'schedule.followUp': defineChannel({
    name: 'schedule.followUp',
    input: followUpQuerySchema,
    output: z.array(slotSchema),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: () => [],
  }),
  /** Books every date of a series in one transaction, or none and says which dates conflict. */
  'schedule.bookSeries': defineChannel({
    name: 'schedule.bookSeries',
    input: seriesRequestSchema,
    output: z.object({
      booked: z.array(appointmentSchema),
      conflicts: z.array(z.object({ startsAt: z.string(), reasons: z.array(z.string()) })),
    }),
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.first.patientId],
  }),
  'schedule.coordinated': defineChannel({
    name: 'schedule.coordinated',
    input: coordinatedRequestSchema,
    output: z.object({ slots: z.array(slotSchema), booked: z.array(appointmentSchema) }),
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.patientId],
  }),
  /** A freed slot booked for a waitlisted patient; the entry is fulfilled in the same transaction. */
  'schedule.bookFromWaitlist': defineChannel({
    name: 'schedule.bookFromWaitlist',
    input: waitlistBookingSchema,
    output: appointmentSchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (_input, appointment) => [appointment.patientId],
  }),
  'schedule.waitlistAdd': defineChannel({
    name: 'schedule.waitlistAdd',
    input: waitlistAddSchema,
    output: waitlistEntrySchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.patientId],
  }),
  /** The open waitlist (waiting or offered), oldest first: who wants an earlier visit. */
  'schedule.waitlist': defineChannel({
    name: 'schedule.waitlist',
    input: z.strictObject({}),
    output: z.array(waitlistRowSchema),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (_input, rows) => rows.map((r) => r.patientId),
  }),
  /** Takes an entry off the waitlist with a reason; it is no longer offered freed slots. */
  'schedule.waitlistRemove': defineChannel({
    name: 'schedule.waitlistRemove',
    input: waitlistRemoveSchema,
    output: waitlistEntrySchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, entry) => [entry.patientId],
  }),
  /** Tomorrow's (or any day's) call list: booked, not yet confirmed, with phone and language. */
  'schedule.reminders': defineChannel({
    name: 'schedule.reminders',
    input: remindersQuerySchema,
    output: z.array(reminderSchema),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (_input, list) => list.map((r) => r.patientId),
  }),

  // ---- clinic set-up: no PHI; supervisors and admins ----
  'schedule.addProvider': defineChannel({
    name: 'schedule.addProvider',
    input: providerInputSchema,
    output: providerSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.updateProvider': defineChannel({
    name: 'schedule.updateProvider',
    input: providerUpdateSchema,
    output: providerSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.addType': defineChannel({
    name: 'schedule.addType',
    input: typeInputSchema,
    output: appointmentTypeSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.updateType': defineChannel({
    name: 'schedule.updateType',
    input: typeUpdateSchema,
    output: appointmentTypeSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.updateLocation': defineChannel({
    name: 'schedule.updateLocation',
    input: locationUpdateSchema,
    output: locationSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.addResource': defineChannel({
    name: 'schedule.addResource',
    input: resourceInputSchema,
    output: resourceSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.updateResource': defineChannel({
    name: 'schedule.updateResource',
    input: resourceUpdateSchema,
    output: resourceSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  /** A retired room or piece of equipment stays on the visits that held it; no type may still need it. */
  'schedule.retireResource': defineChannel({
    name: 'schedule.retireResource',
    input: z.strictObject({ resourceId: z.string().min(1).max(128) }),
    output: resourceSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  /** One template per chosen weekday. */
  'schedule.addHours': defineChannel({
    name: 'schedule.addHours',
    input: hoursInputSchema,
    output: z.array(availabilityTemplateSchema),
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  /** Hours end on a date (kept for the visits already booked in them), never deleted. */
  'schedule.endHours': defineChannel({
    name: 'schedule.endHours',
    input: endHoursSchema,
    output: availabilityTemplateSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.addException': defineChannel({
    name: 'schedule.addException',
    input: exceptionInputSchema,
    output: scheduleExceptionSchema,
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.removeException': defineChannel({
    name: 'schedule.removeException',
    input: z.strictObject({ exceptionId: z.string().min(1).max(128) }),
    output: z.object({ removed: z.boolean() }),
    phi: 'none',
    roles: SETUP_ROLES,
  }),
  'schedule.exceptions': defineChannel({
    name: 'schedule.exceptions',
    input: exceptionsQuerySchema,
    output: z.array(scheduleExceptionSchema),
    phi: 'none',
    roles: CARE_TEAM,
  }),
};
