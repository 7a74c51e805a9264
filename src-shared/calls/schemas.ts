import { z } from 'zod';
import { normalizePhone } from '../phone';
import { patientIdSchema } from '../patients/schemas';

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'missed', 'voicemail'] as const;
export const CALLER_KINDS = [
  'patient',
  'family',
  'representative',
  'provider_office',
  'pharmacy',
  'insurer',
  'unknown',
] as const;
export const CALL_REASONS = [
  'scheduling',
  'reschedule_cancel',
  'billing',
  'insurance_benefits',
  'clinical_question',
  'referral_status',
  'records_request',
  'transportation',
  'other',
] as const;
export const CALL_OUTCOMES = [
  'resolved',
  'callback_needed',
  'transferred_clinical',
  'message_taken',
  'left_voicemail',
  'no_answer',
] as const;

export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallerKind = (typeof CALLER_KINDS)[number];
export type CallReason = (typeof CALL_REASONS)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The words a coordinator reads; the enum values are what is stored and synced. */
export const DIRECTION_LABELS: Record<CallDirection, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  missed: 'Missed',
  voicemail: 'Voicemail',
};
export const CALLER_LABELS: Record<CallerKind, string> = {
  patient: 'Patient',
  family: 'Family member',
  representative: 'Representative',
  provider_office: "Provider's office",
  pharmacy: 'Pharmacy',
  insurer: 'Insurer',
  unknown: 'Unknown caller',
};
export const REASON_LABELS: Record<CallReason, string> = {
  scheduling: 'Scheduling',
  reschedule_cancel: 'Reschedule or cancel',
  billing: 'Billing',
  insurance_benefits: 'Insurance and benefits',
  clinical_question: 'Prescription or clinical question',
  referral_status: 'Referral status',
  records_request: 'Records request',
  transportation: 'Transportation',
  other: 'Other',
};
export const OUTCOME_LABELS: Record<CallOutcome, string> = {
  resolved: 'Resolved',
  callback_needed: 'Callback needed',
  transferred_clinical: 'Transferred to nurse or clinician',
  message_taken: 'Message taken',
  left_voicemail: 'Left voicemail',
  no_answer: 'No answer',
};

export const callIdSchema = z.uuid({ error: 'Not a call id' });

/** A phone number as typed or as a phone system sends it; stored as E.164. Empty means withheld. */
export const callerPhoneSchema = z
  .string()
  .trim()
  .max(40, 'Phone is too long')
  .transform((text, ctx) => {
    if (text === '') return null;
    const e164 = normalizePhone(text);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Enter a valid phone number, such as (617) 555-0123' });
      return z.NEVER;
    }
    return e164;
  });

const isoInstant = z.iso.datetime({ offset: true, error: 'Not a date and time' });
const optionalRef = z
  .string()
  .trim()
  .max(64, 'At most 64 characters')
  .transform((s) => (s === '' ? null : s))
  .nullable()
  .default(null);

/** What the call entry form sends. The same schema validates the form and the channel. */
export const newCallSchema = z
  .strictObject({
    direction: z.enum(CALL_DIRECTIONS, { error: 'Choose the direction' }),
    phone: callerPhoneSchema.nullable().default(null),
    patientId: patientIdSchema.nullable().default(null),
    callerKind: z.enum(CALLER_KINDS, { error: 'Choose who called' }),
    callerName: z.string().trim().max(120, 'At most 120 characters').default(''),
    reason: z.enum(CALL_REASONS, { error: 'Choose the reason' }),
    outcome: z.enum(CALL_OUTCOMES, { error: 'Choose the outcome' }),
    notes: z.string().trim().max(4000, 'Notes are at most 4000 characters').default(''),
    startedAt: isoInstant,
    endedAt: isoInstant,
    appointmentId: optionalRef,
    referralId: optionalRef,
    /** When a callback (or a clinician's answer) is due; defaults by rule when absent. */
    followUpDue: isoInstant.nullable().default(null),
  })
  .superRefine((call, ctx) => {
    if (call.endedAt < call.startedAt)
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'The call cannot end before it starts' });
    if (call.callerKind !== 'patient' && call.callerKind !== 'unknown' && !call.callerName)
      ctx.addIssue({ code: 'custom', path: ['callerName'], message: 'Say who called' });
    if (call.callerKind === 'patient' && !call.patientId)
      ctx.addIssue({ code: 'custom', path: ['patientId'], message: 'Choose the patient who called' });
  });
export type NewCallInput = z.input<typeof newCallSchema>;
export type NewCall = z.output<typeof newCallSchema>;

export const addendumSchema = z.object({
  id: z.string(),
  callId: z.string(),
  text: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  at: z.string(),
});
export type Addendum = z.infer<typeof addendumSchema>;

export const newAddendumSchema = z.strictObject({
  callId: callIdSchema,
  text: z
    .string({ error: 'Write the correction' })
    .trim()
    .min(1, 'Write the correction')
    .max(4000, 'A correction is at most 4000 characters'),
});

export const callLogEntrySchema = z.object({
  id: z.string(),
  direction: z.enum(CALL_DIRECTIONS),
  phone: z.string().nullable(),
  patientId: z.string().nullable(),
  /** "Last, First" of the linked patient, for the log; null when none is linked. */
  patientName: z.string().nullable(),
  callerKind: z.enum(CALLER_KINDS),
  callerName: z.string(),
  reason: z.enum(CALL_REASONS),
  outcome: z.enum(CALL_OUTCOMES),
  notes: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationSeconds: z.number().int(),
  appointmentId: z.string().nullable(),
  referralId: z.string().nullable(),
  coordinatorId: z.string(),
  coordinatorName: z.string(),
  createdAt: z.string(),
  addendumCount: z.number().int(),
});
export type CallLogEntry = z.infer<typeof callLogEntrySchema>;

/** A visit a call can be linked to, as the call entry lists it. */
export const callAppointmentSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  providerName: z.string(),
  typeName: z.string(),
  status: z.string(),
});
export type CallAppointment = z.infer<typeof callAppointmentSchema>;

/** The visit a call is linked to, as the call's detail shows it (times read in the clinic's zone). */
export const callVisitSchema = callAppointmentSchema.extend({
  /** The clinic's IANA zone, in which the visit's day and time are shown. */
  timeZone: z.string(),
});
export type CallVisit = z.infer<typeof callVisitSchema>;

export const callDetailSchema = callLogEntrySchema.extend({
  addenda: z.array(addendumSchema),
  /** The linked visit; null when none is linked, or when it has not reached this workstation. */
  visit: callVisitSchema.nullable(),
});
export type CallDetail = z.infer<typeof callDetailSchema>;

export const CALL_SORT_COLUMNS = [
  'startedAt',
  'direction',
  'patientName',
  'reason',
  'outcome',
  'coordinatorName',
  'durationSeconds',
] as const;
export type CallSortColumn = (typeof CALL_SORT_COLUMNS)[number];

/** The call log's current view: filters, quick search and sort. The export uses the same. */
export const callFilterSchema = z.strictObject({
  from: z.iso.date().nullable().default(null),
  to: z.iso.date().nullable().default(null),
  direction: z.enum(CALL_DIRECTIONS).nullable().default(null),
  reason: z.enum(CALL_REASONS).nullable().default(null),
  outcome: z.enum(CALL_OUTCOMES).nullable().default(null),
  coordinatorId: z.string().max(128).nullable().default(null),
  patientId: patientIdSchema.nullable().default(null),
  search: z.string().trim().max(100, 'Search is at most 100 characters').default(''),
  sort: z.enum(CALL_SORT_COLUMNS).default('startedAt'),
  descending: z.boolean().default(true),
});
export type CallFilter = z.output<typeof callFilterSchema>;
export type CallFilterInput = z.input<typeof callFilterSchema>;

export const callQuerySchema = z.strictObject({
  filter: callFilterSchema,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const callPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(callLogEntrySchema),
});
export type CallPage = z.infer<typeof callPageSchema>;

export const callExportSchema = z.object({
  filename: z.string(),
  csv: z.string(),
  count: z.number().int(),
  /** Every patient in the export, for its audit entry. */
  patientIds: z.array(z.string()),
});

export const callFiguresSchema = z.object({
  /** 24 counts, index = hour of the day in the workstation's time zone. */
  callsByHour: z.array(z.number().int()).length(24),
  callsToday: z.number().int(),
  averageHandleSeconds: z.number().int().nullable(),
  openCallbacks: z.number().int(),
  overdueCallbacks: z.number().int(),
});
export type CallFigures = z.infer<typeof callFiguresSchema>;

export const coordinatorSchema = z.object({ id: z.string(), name: z.string() });
