import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { CARE_TEAM } from '../roles';
import { patientIdSchema } from '../patients/schemas';
import {
  addendumSchema,
  callAppointmentSchema,
  callDetailSchema,
  callerPhoneSchema,
  callExportSchema,
  callFiguresSchema,
  callFilterSchema,
  callIdSchema,
  callPageSchema,
  callQuerySchema,
  CALLER_KINDS,
  coordinatorSchema,
  newAddendumSchema,
  newCallSchema,
} from './schemas';
import { taskSchema } from '../tasks/schemas';

const patientIdsOf = (rows: readonly { patientId: string | null }[]) => [
  ...new Set(rows.map((r) => r.patientId).filter((id): id is string => id !== null)),
];

export const phoneCandidateSchema = z.object({
  patientId: z.string(),
  name: z.string(),
  dateOfBirth: z.string(),
  mrn: z.string(),
  via: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('patient') }),
    z.object({ kind: z.literal('person'), personName: z.string(), relationship: z.string() }),
  ]),
});
export const callerMatchSchema = z.object({
  phone: z.string().nullable(),
  candidates: z.array(phoneCandidateSchema),
});
export type CallerMatchResult = z.infer<typeof callerMatchSchema>;

export const disclosureCheckSchema = z.object({ allowed: z.boolean(), message: z.string() });

export const callChannels = {
  'calls.log': defineChannel({
    name: 'calls.log',
    input: newCallSchema,
    output: z.object({ call: callDetailSchema, tasks: z.array(taskSchema) }),
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (_input, out) => patientIdsOf([out.call]),
  }),
  'calls.addAddendum': defineChannel({
    name: 'calls.addAddendum',
    input: newAddendumSchema,
    output: addendumSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
  }),
  'calls.get': defineChannel({
    name: 'calls.get',
    input: z.strictObject({ id: callIdSchema }),
    output: callDetailSchema,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (_input, call) => patientIdsOf([call]),
  }),
  'calls.query': defineChannel({
    name: 'calls.query',
    input: callQuerySchema,
    output: callPageSchema,
    phi: 'read',
    audit: 'search',
    roles: CARE_TEAM,
    auditPatients: (_input, page) => patientIdsOf(page.rows),
  }),
  /** The whole current view as CSV, handed to the person who asked; it never touches the disk here. */
  'calls.export': defineChannel({
    name: 'calls.export',
    input: z.strictObject({ filter: callFilterSchema }),
    output: callExportSchema,
    phi: 'read',
    audit: 'export',
    roles: ['coordinator', 'supervisor', 'admin'],
    auditPatients: (_input, out) => out.patientIds,
  }),
  'calls.matchCaller': defineChannel({
    name: 'calls.matchCaller',
    input: z.strictObject({ phone: callerPhoneSchema }),
    output: callerMatchSchema,
    phi: 'read',
    audit: 'search',
    roles: CARE_TEAM,
    auditPatients: (_input, out) => out.candidates.map((c) => c.patientId),
  }),
  'calls.checkCaller': defineChannel({
    name: 'calls.checkCaller',
    input: z.strictObject({
      patientId: patientIdSchema,
      callerKind: z.enum(CALLER_KINDS),
      callerName: z.string().trim().max(120).default(''),
    }),
    output: disclosureCheckSchema,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.patientId],
  }),
  /** The patient's visits a call may be about: the last 60 days and the next 120. */
  'calls.appointmentsFor': defineChannel({
    name: 'calls.appointmentsFor',
    input: z.strictObject({ patientId: patientIdSchema }),
    output: z.array(callAppointmentSchema),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.patientId],
  }),
  /** Counts only: no patient is named, so it is not PHI. */
  'calls.figures': defineChannel({
    name: 'calls.figures',
    input: z.strictObject({}),
    output: callFiguresSchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
  'calls.coordinators': defineChannel({
    name: 'calls.coordinators',
    input: z.strictObject({}),
    output: z.array(coordinatorSchema),
    phi: 'none',
    roles: CARE_TEAM,
  }),
};
