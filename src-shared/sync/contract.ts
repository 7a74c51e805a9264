import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { CARE_TEAM } from '../roles';
import { reviewItemSchema } from './review';

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
};
