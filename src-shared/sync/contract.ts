import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { CARE_TEAM } from '../roles';
import { REVIEW_CHOICES, reviewItemSchema } from './review';

/**
 * What the status indicator shows. `disconnected`: no hub configured or this
 * workstation is not enrolled or signed in to it; `offline`: the hub cannot be
 * reached (changes keep queueing); `syncing`: a push or pull is under way;
 * `online`: in step, as of `lastSuccessAt`.
 */
export const SYNC_STATES = ['disconnected', 'offline', 'syncing', 'online'] as const;

export const syncStatusSchema = z.object({
  state: z.enum(SYNC_STATES),
  /** Local changes the hub has not yet acknowledged. */
  pending: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  /** A person-readable reason for the last failure; never holds PHI. */
  lastError: z.string().nullable(),
  /** The first sync's progress (rows applied of the hub's total), for the progress bar; null otherwise. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
  /** How far this workstation's clock is from the hub's, when known. */
  clockOffsetMs: z.number().nullable(),
  /** Open items on the sync worklist (conflicts, rebooks, duplicates, rejected changes). */
  openReviewItems: z.number().int(),
  /** Whether this workstation holds a device credential from the hub (IT's enrollment code). */
  enrolled: z.boolean(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncChannels = {
  'sync.status': defineChannel({
    name: 'sync.status',
    input: z.strictObject({}),
    output: syncStatusSchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
  /** The sync worklist. Conflict records keep the losing field values, so this reads PHI. */
  'sync.conflicts': defineChannel({
    name: 'sync.conflicts',
    input: z.strictObject({ includeResolved: z.boolean().default(false) }),
    output: z.array(reviewItemSchema.extend({ source: z.enum(['hub', 'local']) })),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (_input, items) => [...new Set(items.flatMap((i) => i.patientIds))],
  }),
  /**
   * Settles a worklist item. `acknowledge` accepts what the hub kept (a conflict) or
   * notes that a person has dealt with it (a rebook, a possible duplicate, a refused
   * change); `restore` puts a conflict's other value back, as a new edit that syncs.
   */
  'sync.resolve': defineChannel({
    name: 'sync.resolve',
    input: z.strictObject({ id: z.string().min(1).max(128), choice: z.enum(REVIEW_CHOICES) }),
    output: reviewItemSchema.extend({ source: z.enum(['hub', 'local']) }),
    phi: 'write',
    audit: 'update',
    roles: ['coordinator', 'supervisor', 'admin'],
    auditPatients: (_input, item) => item.patientIds,
  }),
  /** Syncs now instead of waiting for the timer or the backoff. */
  'sync.now': defineChannel({
    name: 'sync.now',
    input: z.strictObject({}),
    output: syncStatusSchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
  /** IT's one-time enrollment code from `hub-admin enroll-code` makes this workstation a device of the clinic. */
  'sync.enroll': defineChannel({
    name: 'sync.enroll',
    input: z.strictObject({
      code: z.string().trim().min(6, 'Enter the enrollment code from IT').max(64),
      deviceName: z.string().trim().min(1, 'Name this workstation').max(100),
    }),
    output: z.object({ organizationName: z.string() }),
    phi: 'none',
    roles: ['admin'],
  }),
};
