import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { CARE_TEAM } from '../roles';

/**
 * Whether the encrypted store has been read end to end since it opened (decision 0324).
 * `checking`: the background check is running; `ok`: every page read and authenticated;
 * `damaged`: pages fail, changes are refused; `unchecked`: the check itself could not run.
 */
export const STORE_HEALTH_STATES = ['checking', 'ok', 'damaged', 'unchecked'] as const;

export const storeHealthSchema = z.object({
  state: z.enum(STORE_HEALTH_STATES),
  /** For the person at the keyboard: what was found and what to do. Never holds PHI. */
  message: z.string().nullable(),
});
export type StoreHealth = z.infer<typeof storeHealthSchema>;

export const storeChannels = {
  'store.health': defineChannel({
    name: 'store.health',
    input: z.strictObject({}),
    output: storeHealthSchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
};
