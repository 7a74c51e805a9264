/**
 * Lockout after repeated failures: MAX_FAILURES wrong passwords within WINDOW lock
 * the account for LOCKOUT. A success clears the count. Pure, so the rule is tested
 * with plain timestamps.
 */
export const LOCKOUT_RULE = { maxFailures: 5, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000 } as const;

export interface FailureRecord {
  failedCount: number;
  /** When the first failure of the current window happened (ms since epoch), or null. */
  firstFailedAt: number | null;
  lockedUntil: number | null;
}

export const NO_FAILURES: FailureRecord = { failedCount: 0, firstFailedAt: null, lockedUntil: null };

export function isLockedOut(record: FailureRecord, now: number): boolean {
  return record.lockedUntil !== null && now < record.lockedUntil;
}

export function afterFailure(record: FailureRecord, now: number, rule = LOCKOUT_RULE): FailureRecord {
  const inWindow = record.firstFailedAt !== null && now - record.firstFailedAt < rule.windowMs;
  const failedCount = inWindow ? record.failedCount + 1 : 1;
  const firstFailedAt = inWindow ? record.firstFailedAt : now;
  const lockedUntil = failedCount >= rule.maxFailures ? now + rule.lockoutMs : null;
  // A lockout starts a fresh window once it ends.
  return lockedUntil
    ? { failedCount: 0, firstFailedAt: null, lockedUntil }
    : { failedCount, firstFailedAt, lockedUntil };
}
