import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { ROLES } from '../roles';
import { displayNameSchema, newPasswordSchema, usernameSchema } from './contract';

export const userAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** `local` accounts were made on this workstation; `hub` accounts came with enrollment. */
  source: z.enum(['local', 'hub']),
  createdAt: z.string(),
  /** Set while repeated failed sign-ins hold the account locked out. */
  lockedOutUntil: z.string().nullable(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

export const newUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: z.enum(ROLES),
  password: newPasswordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

const ADMIN = ['admin'] as const;

export const userChannels = {
  'users.list': defineChannel({
    name: 'users.list',
    input: z.strictObject({}),
    output: z.array(userAccountSchema),
    phi: 'none',
    roles: ADMIN,
  }),
  'users.create': defineChannel({
    name: 'users.create',
    input: newUserSchema,
    output: userAccountSchema,
    phi: 'none',
    roles: ADMIN,
  }),
  'users.setRole': defineChannel({
    name: 'users.setRole',
    input: z.strictObject({ userId: z.string().uuid(), role: z.enum(ROLES) }),
    output: userAccountSchema,
    phi: 'none',
    roles: ADMIN,
  }),
};
