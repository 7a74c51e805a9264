import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { ROLES } from '../roles';
import { displayNameSchema, newPasswordSchema, passwordSchema, usernameSchema } from './contract';

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
  /** When an admin disabled the account; a disabled account cannot sign in. */
  disabledAt: z.string().nullable(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

export const newUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: z.enum(ROLES),
  password: newPasswordSchema,
});
export type NewUser = z.infer<typeof newUserSchema>;

/** The signed-in person's own password: the current one proves it is them, not someone at an open session. */
export const changePasswordSchema = z.strictObject({
  currentPassword: passwordSchema,
  newPassword: newPasswordSchema,
});
export type ChangePassword = z.infer<typeof changePasswordSchema>;

const userId = z.string().uuid();

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
    input: z.strictObject({ userId, role: z.enum(ROLES) }),
    output: userAccountSchema,
    phi: 'none',
    roles: ADMIN,
  }),
  /** Anyone signed in changes their own password, with the current one. */
  'users.changePassword': defineChannel({
    name: 'users.changePassword',
    input: changePasswordSchema,
    output: z.null(),
    phi: 'none',
    roles: ROLES,
  }),
  /** An admin sets a new password for someone else (forgotten password); it also lifts a lockout. */
  'users.resetPassword': defineChannel({
    name: 'users.resetPassword',
    input: z.strictObject({ userId, newPassword: newPasswordSchema }),
    output: userAccountSchema,
    phi: 'none',
    roles: ADMIN,
  }),
  /** Disabled accounts cannot sign in, and a disabled person's open session ends at once. */
  'users.setDisabled': defineChannel({
    name: 'users.setDisabled',
    input: z.strictObject({ userId, disabled: z.boolean() }),
    output: userAccountSchema,
    phi: 'none',
    roles: ADMIN,
  }),
  /** Ends a lockout before its 15 minutes are up (the person called IT). */
  'users.liftLockout': defineChannel({
    name: 'users.liftLockout',
    input: z.strictObject({ userId }),
    output: userAccountSchema,
    phi: 'none',
    roles: ADMIN,
  }),
};
