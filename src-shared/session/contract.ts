import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { ROLES } from '../roles';

export const sessionUserSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const sessionChannels = {
  'session.current': defineChannel({
    name: 'session.current',
    input: z.strictObject({}),
    output: sessionUserSchema.nullable(),
    phi: 'none',
    roles: 'public',
  }),
};
