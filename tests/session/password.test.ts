import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src-server/auth/passwords';
import { checkPassword, DEFAULT_SCRYPT_COST, makeVerifier } from '../../src-main/session/password';
import { afterFailure, isLockedOut, LOCKOUT_RULE, NO_FAILURES } from '../../src-main/session/lockout';
import { MINIMUM_SCRYPT_COST, meetsCost, parseVerifier } from '../../src-shared/session/verifier';

describe('password verifiers', () => {
  it('keep only a salted scrypt hash, and check the right password and no other', async () => {
    const verifier = await makeVerifier('Sunrise over the harbor 7', MINIMUM_SCRYPT_COST);
    expect(verifier).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(verifier).not.toContain('Sunrise');
    expect(await checkPassword('Sunrise over the harbor 7', verifier)).toBe(true);
    for (const wrong of ['sunrise over the harbor 7', 'Sunrise over the harbor 7 ', '']) {
      expect(await checkPassword(wrong, verifier), wrong).toBe(false);
    }
    // Same password, fresh salt: different verifier.
    expect(await makeVerifier('Sunrise over the harbor 7', MINIMUM_SCRYPT_COST)).not.toBe(verifier);
  });

  it('treat a composed and a decomposed accent as the same password (NFC)', async () => {
    const verifier = await makeVerifier('Zoë’s long password', MINIMUM_SCRYPT_COST);
    expect(await checkPassword('Zoe\u0308’s long password', verifier)).toBe(true);
  });

  it('accept verifiers made by the hub, so hub accounts sign in offline', async () => {
    const fromHub = await hashPassword('hub made this password');
    expect(parseVerifier(fromHub)).not.toBeNull();
    expect(await checkPassword('hub made this password', fromHub)).toBe(true);
    expect(await checkPassword('not the hub password', fromHub)).toBe(false);
  });

  it.each([
    'plain-text-password',
    'bcrypt$10$abc$def',
    'scrypt$1000$8$1$AAAA$BBBB', // N not a power of two
    'scrypt$32768$8$1$$BBBB',
    'scrypt$32768$8$1$AA/A$BBBB',
    'scrypt$32768$8$1$AAAA$BBBB$extra',
  ])('never match a malformed verifier (%s)', async (verifier) => {
    expect(await checkPassword('anything', verifier)).toBe(false);
  });

  it('use memory-hard defaults: 128 MiB per guess, above the accepted minimum of 32 MiB', () => {
    expect(128 * DEFAULT_SCRYPT_COST.N * DEFAULT_SCRYPT_COST.r).toBe(128 * 1024 * 1024);
    expect(meetsCost(DEFAULT_SCRYPT_COST, MINIMUM_SCRYPT_COST)).toBe(true);
    expect(meetsCost({ N: 2 ** 14, r: 8, p: 1 }, MINIMUM_SCRYPT_COST)).toBe(false);
  });
});

describe('the lockout rule', () => {
  const minute = 60_000;
  const t0 = Date.parse('2026-03-02T09:00:00Z');
  const failures = (times: number[]) => times.reduce((r, m) => afterFailure(r, t0 + m * minute), NO_FAILURES);

  it.each([
    { case: 'four quick failures', at: [0, 1, 2, 3], lockedAt: null },
    { case: 'five within 15 minutes', at: [0, 1, 2, 3, 14], lockedAt: 14 },
    { case: 'five spread past the window', at: [0, 1, 2, 3, 15], lockedAt: null },
    { case: 'a new window after a quiet spell', at: [0, 20, 21, 22, 23, 24], lockedAt: 24 },
  ])('$case', ({ at, lockedAt }) => {
    const record = failures(at);
    const last = t0 + at.at(-1)! * minute;
    expect(isLockedOut(record, last)).toBe(lockedAt !== null);
    if (lockedAt !== null) {
      expect(record.lockedUntil).toBe(t0 + lockedAt * minute + LOCKOUT_RULE.lockoutMs);
      expect(isLockedOut(record, record.lockedUntil!)).toBe(false);
    }
  });
});
