import { and, eq } from 'drizzle-orm';
import { ROLES, type Role } from '../../src-shared/roles';
import type { AccountRoster } from '../../src-shared/sync/protocol';
import { toAccount } from '../auth/sessions';
import type { HubDb } from '../db/connect';
import { enrollmentCodes, organizations, orgSequences, users } from '../db/schema';
import { hashPassword } from '../auth/passwords';
import { newEnrollmentCode, normalizeEnrollmentCode, sha256 } from '../auth/secrets';

/** What IT does with `npm run hub-admin`: organizations, users, enrollment codes. */
export async function createOrganization(db: HubDb, name: string): Promise<{ id: string; name: string }> {
  if (!name.trim()) throw new Error('An organization needs a name');
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(organizations).values({ name: name.trim() }).returning();
    await tx.insert(orgSequences).values({ orgId: org!.id });
    return { id: org!.id, name: org!.name };
  });
}

export interface NewHubUser {
  orgId: string;
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export const MIN_PASSWORD_LENGTH = 12;

export async function createUser(db: HubDb, user: NewHubUser): Promise<{ id: string }> {
  if (!ROLES.includes(user.role)) throw new Error(`Role must be one of ${ROLES.join(', ')}`);
  if (user.password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  const [row] = await db
    .insert(users)
    .values({
      orgId: user.orgId,
      username: user.username.trim().toLowerCase(),
      displayName: user.displayName.trim(),
      role: user.role,
      passwordHash: await hashPassword(user.password),
    })
    .returning({ id: users.id });
  return row!;
}

/**
 * Disables (or enables again) a user of the organization: the hub refuses their
 * sign-in and their tokens at once, and workstations drop them from offline sign-in
 * at their next sync (GET /v1/accounts).
 */
export async function setUserDisabled(
  db: HubDb,
  orgId: string,
  username: string,
  disabled: boolean,
): Promise<{ id: string }> {
  const [row] = await db
    .update(users)
    .set({ disabledAt: disabled ? new Date() : null })
    .where(and(eq(users.orgId, orgId), eq(users.username, username.trim().toLowerCase())))
    .returning({ id: users.id });
  if (!row) throw new Error(`No user ${username} in organization ${orgId}`);
  return row;
}

/** The roster a workstation mirrors for offline sign-in. */
export async function accountRoster(db: HubDb, orgId: string): Promise<AccountRoster> {
  const rows = await db.select().from(users).where(eq(users.orgId, orgId));
  return {
    accounts: rows.filter((u) => u.disabledAt === null).map(toAccount),
    disabled: rows.filter((u) => u.disabledAt !== null).map((u) => u.id),
  };
}

/** A one-time code a workstation exchanges for its device credential; only its hash is stored. */
export async function issueEnrollmentCode(
  db: HubDb,
  orgId: string,
  validHours = 24,
): Promise<{ code: string; expiresAt: Date }> {
  const code = newEnrollmentCode();
  const expiresAt = new Date(Date.now() + validHours * 3_600_000);
  await db.insert(enrollmentCodes).values({ codeHash: sha256(normalizeEnrollmentCode(code)), orgId, expiresAt });
  return { code, expiresAt };
}
