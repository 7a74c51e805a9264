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

/**
 * Usernames are case-insensitive and stored lowercase, so `JSmith` and `jsmith`
 * are one account on the workstation and on the hub.
 */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$/, 'Use 3 to 64 letters, digits, dots, dashes or underscores');

/** NIST SP 800-63B: length over composition rules; long passphrases allowed. */
export const newPasswordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters');

/** A password as typed at sign-in: never trimmed, never validated beyond its size. */
export const passwordSchema = z.string().min(1, 'Enter your password').max(256, 'That password is too long');

export const displayNameSchema = z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters');

/**
 * Where the workstation stands: `setup` when no account exists yet (first run),
 * `signed-out`, `locked` (a user's session, paused until their password), `active`.
 */
export const SESSION_STATES = ['setup', 'signed-out', 'locked', 'active'] as const;
export type SessionStateName = (typeof SESSION_STATES)[number];

export const sessionStateSchema = z.object({
  state: z.enum(SESSION_STATES),
  /** The active or locked user; null when signed out. */
  user: sessionUserSchema.nullable(),
  idleLockMinutes: z.number().int().positive(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const signInSchema = z.strictObject({ username: usernameSchema, password: passwordSchema });
export const unlockSchema = z.strictObject({ password: passwordSchema });
export const setUpSchema = z.strictObject({
  username: usernameSchema,
  displayName: displayNameSchema,
  password: newPasswordSchema,
});

const ANYONE_SIGNED_IN = ROLES;

export const sessionChannels = {
  /** The signed-in, unlocked user, or null. */
  'session.current': defineChannel({
    name: 'session.current',
    input: z.strictObject({}),
    output: sessionUserSchema.nullable(),
    phi: 'none',
    roles: 'public',
  }),
  'session.state': defineChannel({
    name: 'session.state',
    input: z.strictObject({}),
    output: sessionStateSchema,
    phi: 'none',
    roles: 'public',
  }),
  /** First run only: creates the first admin and signs them in; refused once any account exists. */
  'session.setUp': defineChannel({
    name: 'session.setUp',
    input: setUpSchema,
    output: sessionStateSchema,
    phi: 'none',
    roles: 'public',
  }),
  /** Signs in; over another user's session (active or locked) it is a switch of user. */
  'session.signIn': defineChannel({
    name: 'session.signIn',
    input: signInSchema,
    output: sessionStateSchema,
    phi: 'none',
    roles: 'public',
  }),
  /** Resumes a locked session with the locked user's password. */
  'session.unlock': defineChannel({
    name: 'session.unlock',
    input: unlockSchema,
    output: sessionStateSchema,
    phi: 'none',
    roles: 'public',
  }),
  /** Public so a locked session can be ended from the lock screen; it grants nothing. */
  'session.signOut': defineChannel({
    name: 'session.signOut',
    input: z.strictObject({}),
    output: sessionStateSchema,
    phi: 'none',
    roles: 'public',
  }),
  'session.lock': defineChannel({
    name: 'session.lock',
    input: z.strictObject({}),
    output: sessionStateSchema,
    phi: 'none',
    roles: ANYONE_SIGNED_IN,
  }),
  /** The renderer saw a key press or pointer move; the idle timer in the main process restarts. */
  'session.activity': defineChannel({
    name: 'session.activity',
    input: z.strictObject({}),
    output: z.null(),
    phi: 'none',
    roles: ANYONE_SIGNED_IN,
  }),
};
