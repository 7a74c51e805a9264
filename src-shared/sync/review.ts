import { z } from 'zod';

/**
 * What sync puts on a person's worklist: a same-field clash (the losing value is
 * kept here), a booking the hub refused (the patient to call back and rebook),
 * patients created apart who are probably the same person, and changes the hub
 * could never accept. Hub-made items travel as rows of the `review_items` table.
 */
export const REVIEW_KINDS = ['conflict', 'rebook', 'possible_duplicate', 'rejected'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_TABLE = 'review_items';

export const reviewItemSchema = z.object({
  id: z.string(),
  kind: z.enum(REVIEW_KINDS),
  table: z.string(),
  rowId: z.string(),
  patientIds: z.array(z.string()),
  /** Kind-specific: for a conflict `{ field, kept, lost }`, for a rebook the requested slot. */
  details: z.record(z.string(), z.unknown()),
  reason: z.string().nullable(),
  /** The user who should act on it (the one who booked), when there is one. */
  assignedUserId: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** How a person settles a worklist item; `restore` applies to conflicts only. */
export const REVIEW_CHOICES = ['acknowledge', 'restore'] as const;
export type ReviewChoice = (typeof REVIEW_CHOICES)[number];

/** A same-field clash as the hub records it: the value it kept and the one it set aside. */
export const conflictDetailsSchema = z.object({
  field: z.string(),
  kept: z.object({ value: z.unknown(), hlc: z.string(), deviceId: z.string() }),
  lost: z.object({ value: z.unknown(), hlc: z.string(), deviceId: z.string() }),
});
