import { z } from 'zod';
import { CARE_TEAM } from '../roles';
import { defineChannel } from '../ipc/channel';
import {
  draftDataSchema,
  draftSchema,
  draftSubjectSchema,
  duplicateCandidateSchema,
  intakeRequestSchema,
  mergeRecordSchema,
  mergeRequestSchema,
  patientRecordSchema,
  updateRequestSchema,
} from './records';
import { intakeSchema } from './intake';
import {
  newPatientSchema,
  patientIdSchema,
  patientSchema,
  patientSearchResultSchema,
  patientSearchSchema,
} from './schemas';

export const patientChannels = {
  /** Quick registration with four facts; intake uses `patients.intake`. */
  'patients.create': defineChannel({
    name: 'patients.create',
    input: newPatientSchema,
    output: patientSchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (_input, patient) => [patient.id],
  }),
  /** Creates a patient from a full intake; refuses likely duplicates unless a reason is given. */
  'patients.intake': defineChannel({
    name: 'patients.intake',
    input: intakeRequestSchema,
    output: patientSchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (input, patient) => [patient.id, ...(input.duplicateReview?.candidateIds ?? [])],
  }),
  'patients.update': defineChannel({
    name: 'patients.update',
    input: updateRequestSchema,
    output: patientSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.id],
  }),
  'patients.get': defineChannel({
    name: 'patients.get',
    input: z.strictObject({ id: patientIdSchema }),
    output: patientRecordSchema,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.id],
  }),
  'patients.search': defineChannel({
    name: 'patients.search',
    input: patientSearchSchema,
    output: patientSearchResultSchema,
    phi: 'read',
    audit: 'search',
    roles: CARE_TEAM,
    auditPatients: (_input, found) => found.map((p) => p.id),
  }),
  /** Who the person being registered might already be. */
  'patients.duplicates': defineChannel({
    name: 'patients.duplicates',
    input: z.strictObject({ intake: intakeSchema }),
    output: z.array(duplicateCandidateSchema),
    phi: 'read',
    audit: 'search',
    roles: CARE_TEAM,
    auditPatients: (_input, found) => found.map((c) => c.patient.id),
  }),
  'patients.merge': defineChannel({
    name: 'patients.merge',
    input: mergeRequestSchema,
    output: mergeRecordSchema,
    phi: 'write',
    audit: 'update',
    roles: ['supervisor', 'admin'],
    auditPatients: (input) => [input.survivorId, input.mergedId],
  }),
  /** Undoing a merge is an admin's decision. */
  'patients.unmerge': defineChannel({
    name: 'patients.unmerge',
    input: z.strictObject({ mergeId: z.uuid() }),
    output: mergeRecordSchema,
    phi: 'write',
    audit: 'update',
    roles: ['admin'],
    auditPatients: (_input, merge) => [merge.survivorId, merge.mergedId],
  }),
  /**
   * Drafts hold the operator's own unsaved typing, keyed to them. Saving one (every
   * pause in typing) discloses nothing and is not audited; reading one back shows
   * PHI on screen and is. See docs/decisions/0302-intake-drafts.md.
   */
  'drafts.save': defineChannel({
    name: 'drafts.save',
    input: z.strictObject({ subject: draftSubjectSchema, data: draftDataSchema }),
    output: z.object({ savedAt: z.string() }),
    phi: 'none',
    roles: CARE_TEAM,
  }),
  'drafts.get': defineChannel({
    name: 'drafts.get',
    input: z.strictObject({ subject: draftSubjectSchema }),
    output: draftSchema.nullable(),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => (input.subject === 'new' ? [] : [input.subject]),
  }),
  'drafts.discard': defineChannel({
    name: 'drafts.discard',
    input: z.strictObject({ subject: draftSubjectSchema }),
    output: z.null(),
    phi: 'none',
    roles: CARE_TEAM,
  }),
};
