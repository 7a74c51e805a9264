import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Tokens and device secrets are 256 random bits; the hub stores only their SHA-256. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// No 0/O, 1/I/L: IT reads these codes out over the phone.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time enrollment code, `XXXX-XXXX-XXXX` (about 59 bits). */
export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Codes are compared case- and dash-insensitively, the way people type them. */
export function normalizeEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
