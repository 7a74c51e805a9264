import { and, eq, gt, isNull } from 'drizzle-orm';
import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../../src-shared/roles';
import {
  MAX_BATCH_CHANGES,
  type EnrollResponse,
  type HubAccount,
  type SignInResponse,
} from '../../src-shared/sync/protocol';
import { readEpoch, type HubDb, type Queryable } from '../db/connect';
import { devices, enrollmentCodes, organizations, sessions, users } from '../db/schema';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './passwords';
import { newSecret, normalizeEnrollmentCode, sha256 } from './secrets';
import type { Caller } from '../sync/push';

export const TOKEN_HOURS = 12;

export class AuthError extends Error {}

/** Exchanges a one-time enrollment code for a device credential. The code is spent atomically. */
export async function enrollDevice(db: HubDb, code: string, deviceName: string): Promise<EnrollResponse> {
  const codeHash = sha256(normalizeEnrollmentCode(code));
  return db.transaction(async (tx) => {
    const deviceId = `dev_${newSecret().slice(0, 22).replace(/-/g, '_')}`;
    const [spent] = await tx
      .update(enrollmentCodes)
      .set({ usedAt: new Date(), deviceId })
      .where(
        and(
          eq(enrollmentCodes.codeHash, codeHash),
          isNull(enrollmentCodes.usedAt),
          gt(enrollmentCodes.expiresAt, new Date()),
        ),
      )
      .returning({ orgId: enrollmentCodes.orgId });
    if (!spent) throw new AuthError('That enrollment code is unknown, used or expired');
    const deviceSecret = newSecret();
    await tx
      .insert(devices)
      .values({ id: deviceId, orgId: spent.orgId, name: deviceName, secretHash: sha256(deviceSecret) });
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, spent.orgId));
    const accounts = await tx
      .select()
      .from(users)
      .where(and(eq(users.orgId, spent.orgId), isNull(users.disabledAt)));
    return {
      deviceId,
      deviceSecret,
      organizationId: spent.orgId,
      organizationName: org!.name,
      epoch: await readEpoch(tx),
      accounts: accounts.map(toAccount),
    };
  });
}

/**
 * Signs a user in on an enrolled device. The user must belong to the device's
 * organization, so a credential of one clinic can never open another's data.
 */
export async function signIn(
  db: HubDb,
  input: { deviceId: string; deviceSecret: string; username: string; password: string },
): Promise<SignInResponse> {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.id, input.deviceId), isNull(devices.revokedAt)));
  const deviceOk = device !== undefined && sameHash(device.secretHash, sha256(input.deviceSecret));
  const [user] = deviceOk
    ? await db
        .select()
        .from(users)
        .where(
          and(
            eq(users.orgId, device.orgId),
            eq(users.username, input.username.trim().toLowerCase()),
            isNull(users.disabledAt),
          ),
        )
    : [];
  // Always pay for one scrypt, so a wrong username and a wrong password take as long.
  const passwordOk = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!deviceOk || !user || !passwordOk) throw new AuthError('Wrong username, password or device credential');
  const token = newSecret();
  const expiresAt = new Date(Date.now() + TOKEN_HOURS * 3_600_000);
  await db
    .insert(sessions)
    .values({ tokenHash: sha256(token), orgId: device.orgId, userId: user.id, deviceId: device.id, expiresAt });
  return {
    token,
    expiresAt: expiresAt.toISOString(),
    organizationId: device.orgId,
    user: { userId: user.id, username: user.username, displayName: user.displayName, role: user.role as Role },
    account: toAccount(user),
    hubTime: new Date().toISOString(),
    maxBatchChanges: MAX_BATCH_CHANGES,
  };
}

/** The organization of an enrolled, unrevoked device whose secret matches, or null. */
export async function authenticateDevice(db: HubDb, deviceId: string, deviceSecret: string): Promise<string | null> {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), isNull(devices.revokedAt)));
  return device && sameHash(device.secretHash, sha256(deviceSecret)) ? device.orgId : null;
}

/** The caller behind a bearer token: organization, user and device, or null. */
export function authenticate(db: Queryable, token: string): Promise<Caller | null> {
  return authenticateHash(db, sha256(token));
}

/** `authenticate` by the token's hash (a push checks its token in its own transaction, decision 0135). */
export async function authenticateHash(db: Queryable, tokenHash: string): Promise<Caller | null> {
  const [row] = await db
    .select({ orgId: sessions.orgId, userId: sessions.userId, deviceId: sessions.deviceId })
    .from(sessions)
    .innerJoin(devices, eq(devices.id, sessions.deviceId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, new Date()),
        isNull(devices.revokedAt),
        isNull(users.disabledAt),
      ),
    );
  return row ?? null;
}

export function toAccount(user: typeof users.$inferSelect): HubAccount {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    verifier: user.passwordHash,
  };
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
