import { formatVerifier, parseVerifier } from '../../src-shared/session/verifier';
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are stored as scrypt verifiers in the shared string format
 * (src-shared/session/verifier.ts), which workstations keep for offline sign-in.
 * scrypt: memory-hard, so a stolen table costs an
 * attacker memory as well as time per guess. N=2^15, r=8 uses 32 MiB per hash
 * (about 100 ms on a clinic server core).
 */
export const PASSWORD_COST = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

export function scryptAsync(
  password: string,
  salt: Buffer,
  cost: { N: number; r: number; p: number; keyLength: number },
) {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, cost.keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, PASSWORD_COST);
  const { N, r, p } = PASSWORD_COST;
  return formatVerifier({ N, r, p, salt: salt.toString('base64url'), hash: hash.toString('base64url') });
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseVerifier(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(parsed.salt, 'base64url'), {
    ...parsed,
    keyLength: expected.length,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
export const DUMMY_PASSWORD_HASH = `scrypt$${PASSWORD_COST.N}$8$1$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;
