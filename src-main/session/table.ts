import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The people who may sign in on this workstation. Before enrollment only the local
 * first-run admin and the users they make; after it, accounts provisioned from the
 * hub (same fields, `source = 'hub'`). Passwords are kept only as scrypt verifiers
 * in the hub's own string format, so sign-in works offline.
 */
export const userAccounts = sqliteTable('user_accounts', {
  id: text('id').primaryKey(),
  /** Lowercase; unique on this workstation and within the clinic's organization. */
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['coordinator', 'supervisor', 'clinician', 'admin'] }).notNull(),
  /** `scrypt$N$r$p$salt$hash` (src-shared/session/verifier.ts). */
  verifier: text('verifier').notNull(),
  source: text('source', { enum: ['local', 'hub'] }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  disabledAt: text('disabled_at'),
  /** Failed sign-ins in the current window (src-main/session/lockout.ts); kept across restarts. */
  failedCount: integer('failed_count').notNull().default(0),
  firstFailedAt: integer('first_failed_at'),
  lockedUntil: integer('locked_until'),
});
