import { z } from 'zod';

/**
 * A password verifier as the workstation keeps it and the hub hands it over:
 * `scrypt$N$r$p$salt$hash` with base64url salt and hash, the same string the hub
 * stores (src-server/auth/passwords.ts), so an account enrolled from the hub signs
 * in offline with no conversion. Only the format lives here; hashing is in src-main.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export interface ParsedVerifier extends ScryptCost {
  salt: string;
  hash: string;
}

/**
 * The weakest cost a workstation accepts from anyone (the hub included): 32 MiB of
 * memory per guess. New local verifiers use more (see DEFAULT_SCRYPT_COST in src-main).
 */
export const MINIMUM_SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const b64url = /^[A-Za-z0-9_-]+$/;

export function formatVerifier(v: ParsedVerifier): string {
  return ['scrypt', v.N, v.r, v.p, v.salt, v.hash].join('$');
}

export function parseVerifier(text: string): ParsedVerifier | null {
  const [algorithm, N, r, p, salt, hash, ...rest] = text.split('$');
  if (algorithm !== 'scrypt' || rest.length > 0 || !salt || !hash) return null;
  if (!b64url.test(salt) || !b64url.test(hash)) return null;
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every((n) => Number.isSafeInteger(n) && n > 0)) return null;
  // N must be a power of two for scrypt.
  if ((cost.N & (cost.N - 1)) !== 0) return null;
  return { ...cost, salt, hash };
}

/** Whether a verifier costs an attacker at least `minimum` (memory is 128 * N * r bytes). */
export function meetsCost(v: ScryptCost, minimum: ScryptCost): boolean {
  return v.N * v.r >= minimum.N * minimum.r && v.p >= 1;
}

export const verifierSchema = z.string().refine((s) => parseVerifier(s) !== null, 'Not a scrypt verifier');
