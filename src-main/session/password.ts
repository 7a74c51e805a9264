import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { formatVerifier, parseVerifier, type ScryptCost } from '../../src-shared/session/verifier';

/**
 * OWASP's first scrypt choice: N=2^17, r=8, p=1, 128 MiB per guess (about 0.3 s on
 * a clinic desktop core). See docs/decisions/0701-scrypt-password-verifiers.md.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 32;

const maxmemFor = (cost: ScryptCost) => 128 * cost.N * cost.r * cost.p + 32 * 1024 * 1024;

function derive(password: string, salt: Buffer, cost: ScryptCost, keyLength: number): Promise<Buffer> {
  // Async: the 128 MiB derivation runs on libuv's pool, never stalling the main process.
  const maxmem = maxmemFor(cost);
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...cost, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function makeVerifier(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, cost, KEY_LENGTH);
  return formatVerifier({ ...cost, salt: salt.toString('base64url'), hash: hash.toString('base64url') });
}

/** For start-up only (the bootstrap admin), before any window exists to stall. */
export function makeVerifierSync(password: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, KEY_LENGTH, { ...cost, maxmem: maxmemFor(cost) });
  return formatVerifier({ ...cost, salt: salt.toString('base64url'), hash: hash.toString('base64url') });
}

/** Constant-time comparison; a malformed verifier never matches. */
export async function checkPassword(password: string, verifier: string): Promise<boolean> {
  const parsed = parseVerifier(verifier);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, 'base64url');
  const actual = await derive(password, Buffer.from(parsed.salt, 'base64url'), parsed, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * Checked against when the username is unknown, so a wrong username costs the same
 * time as a wrong password and timing does not reveal who has an account.
 */
export function decoyVerifier(cost: ScryptCost): string {
  return formatVerifier({
    ...cost,
    salt: Buffer.alloc(16).toString('base64url'),
    hash: Buffer.alloc(KEY_LENGTH).toString('base64url'),
  });
}
