import { z } from 'zod';

/** Events the main process pushes to the renderer through `subscribe`. */
export const events = {
  'session.changed': z.object({ signedIn: z.boolean() }),
};
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
