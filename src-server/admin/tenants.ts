import { ROLES, type Role } from '../../src-shared/roles';
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
