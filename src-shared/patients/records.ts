import { z } from 'zod';
import { intakeSchema, type Intake } from './intake';
import { patientIdSchema, patientSchema } from './schemas';
import { SOCIAL_NEED_DOMAINS } from './social-needs';

/** Input of `patients.intake`: the intake, and when likely duplicates were shown, why it is created anyway. */
export const intakeRequestSchema = z.strictObject({
  intake: intakeSchema,
  duplicateReview: z
    .strictObject({
      candidateIds: z.array(patientIdSchema).max(20),
      reason: z
        .string()
        .trim()
        .min(5, 'Say why this is a different person (at least 5 characters)')
        .max(500, 'The reason is at most 500 characters'),
    })
    .optional(),
});

export const updateRequestSchema = z.strictObject({ id: patientIdSchema, intake: intakeSchema });

export const flaggedNeedSchema = z.object({
  domain: z.enum(SOCIAL_NEED_DOMAINS),
  reason: z.string(),
  flaggedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const mergeRecordSchema = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  reason: z.string(),
  mergedAt: z.string(),
  mergedBy: z.string(),
  undoneAt: z.string().nullable(),
});

/**
 * What the chart shows: the patient, the intake as stored, the needs the screening
 * raised, and the merges the record took part in. The intake is already normalised
 * by `intakeSchema`; re-parsing it through that schema would re-run its transforms.
 */
export const patientRecordSchema = z.object({
  patient: patientSchema,
  intake: z.custom<Intake>((v) => typeof v === 'object' && v !== null, 'Not an intake'),
  flaggedNeeds: z.array(flaggedNeedSchema),
  merges: z.array(mergeRecordSchema),
});
export type PatientRecord = z.infer<typeof patientRecordSchema>;

export const duplicateCandidateSchema = z.object({
  patient: patientSchema,
  score: z.number(),
  level: z.enum(['likely', 'possible']),
  reasons: z.array(z.string()),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

export const mergeRequestSchema = z
  .strictObject({
    survivorId: patientIdSchema,
    mergedId: patientIdSchema,
    reason: z.string().trim().min(5, 'Say why these are the same person').max(500),
  })
  .refine((m) => m.survivorId !== m.mergedId, {
    message: 'A patient cannot be merged into itself',
    path: ['mergedId'],
  });

/** An intake in progress as typed, unvalidated; kept as an encrypted draft. */
export const draftSubjectSchema = z.union([z.literal('new'), patientIdSchema]);
const MAX_DRAFT_CHARS = 64_000;
export const draftDataSchema = z
  .record(z.string(), z.json())
  .refine((d) => JSON.stringify(d).length <= MAX_DRAFT_CHARS, 'The draft is too large');
export const draftSchema = z.object({ subject: draftSubjectSchema, data: draftDataSchema, savedAt: z.string() });
export type Draft = z.infer<typeof draftSchema>;
