import { z } from 'zod';
import { SESSION_STATES } from '../session/contract';
import { storeHealthSchema } from '../store/contract';
import { syncStatusSchema } from '../sync/contract';

/** Events the main process pushes to the renderer through `subscribe`. */
export const events = {
  /** Signed in, locked, signed out: the renderer re-reads `session.state` and, leaving `active`, drops every patient detail. */
  'session.changed': z.object({ state: z.enum(SESSION_STATES) }),
  /** A phone system or a caredesk://call link announced a call: open a call entry for this number (null: withheld). */
  'calls.screenPop': z.object({ phone: z.string().nullable(), receivedAt: z.string() }),
  /** The sync indicator: online/offline/syncing, pending changes, last success, last error, first-sync progress. */
  'sync.status': syncStatusSchema,
  /** The background check of the store finished: damage is shown at once (decision 0324). */
  'store.health': storeHealthSchema,
};
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
