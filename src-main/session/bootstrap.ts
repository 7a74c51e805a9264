import { DomainError } from '../../src-shared/errors';
import { newPasswordSchema, usernameSchema } from '../../src-shared/session/contract';
import type { ScryptCost } from '../../src-shared/session/verifier';
import { randomUUID } from 'node:crypto';
import type { AccountService } from './accounts';
import { makeVerifier } from './password';

export const BOOTSTRAP_VARIABLE = 'CAREDESK_BOOTSTRAP_ADMIN';

/**
 * First run with nobody at the keyboard (the harness, tests, IT scripts):
 * `CAREDESK_BOOTSTRAP_ADMIN=username:password` makes the first admin when no
 * account exists, and does nothing afterwards, so leaving it set never resets or
 * adds an admin. A malformed value stops start-up with a clear message (thrown at
 * once); the memory-hard verifier is then derived on libuv's pool, so the window
 * (or the harness page) loads meanwhile instead of waiting a third of a second.
 * Resolves to whether an admin was made.
 */
export function bootstrapAdmin(
  accounts: AccountService,
  value: string | undefined,
  cost: ScryptCost,
  /** False once the workstation has closed its store (start-up abandoned). */
  storeOpen: () => boolean,
): Promise<boolean> {
  if (value === undefined || value === '') return Promise.resolve(false);
  const colon = value.indexOf(':');
  const username = usernameSchema.safeParse(colon > 0 ? value.slice(0, colon) : '');
  const password = newPasswordSchema.safeParse(colon > 0 ? value.slice(colon + 1) : '');
  if (!username.success || !password.success) {
    throw new DomainError(
      'VALIDATION',
      `${BOOTSTRAP_VARIABLE} must be username:password (username 3-64 letters, digits, . _ -; password at least 12 characters)`,
    );
  }
  if (accounts.count() > 0) return Promise.resolve(false);
  return makeVerifier(password.data, cost).then((verifier) => {
    // Closed meanwhile (a start-up that was abandoned), or an account arrived: nothing to do.
    if (!storeOpen() || accounts.count() > 0) return false;
    accounts.provision(
      { id: randomUUID(), username: username.data, displayName: username.data, role: 'admin', verifier },
      'local',
    );
    return true;
  });
}
