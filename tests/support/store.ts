import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { startCareDesk, type CareDesk, type CareDeskOptions } from '../../src-main/services';
import type { Sender } from '../../src-main/ipc/router';
import { makeVerifierSync } from '../../src-main/session/password';
import type { Role } from '../../src-shared/roles';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';

export const TEST_ORIGIN = 'app://caredesk';
export const fromWindow: Sender = { origin: TEST_ORIGIN, mainFrame: true };

/** The password of every account `freshCareDesk` and `addUser` make. */
export const TEST_PASSWORD = 'correct horse battery staple';
let testVerifier: string | undefined;
/** One verifier per test process: scrypt at the accepted minimum cost still takes ~0.1 s. */
const verifier = () => (testVerifier ??= makeVerifierSync(TEST_PASSWORD, MINIMUM_SCRYPT_COST));

export interface FreshCareDeskOptions extends Partial<Omit<CareDeskOptions, 'dataDir' | 'key' | 'trustedOrigins'>> {
  /** Who is signed in when it starts: a test user of this role (default coordinator), or nobody. */
  signedInAs?: Role | null;
}

export type TestCareDesk = CareDesk & { dataDir: string; key: Buffer; dispose(): void };

/**
 * A fresh data folder with a real encrypted store, removed by `dispose`. By default
 * a coordinator (`test.coordinator`, password TEST_PASSWORD) is signed in, so tests
 * of other features call `app.router` as a person at the keyboard would.
 */
export function freshCareDesk({ signedInAs = 'coordinator', ...options }: FreshCareDeskOptions = {}): TestCareDesk {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-test-'));
  const key = randomBytes(32);
  let app: CareDesk;
  try {
    app = startCareDesk({
      scryptCost: MINIMUM_SCRYPT_COST,
      bootstrapAdmin: '',
      ...options,
      dataDir,
      key,
      trustedOrigins: [TEST_ORIGIN],
    });
  } catch (error) {
    // Tests of a start that must fail (a bad bootstrap admin) leave no store behind in /tmp.
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  if (signedInAs) app.session.openFor(addUser(app, signedInAs).username);
  return {
    ...app,
    dataDir,
    key,
    dispose() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Adds an account (`test.<role>` unless named) with TEST_PASSWORD; returns it. */
export function addUser(app: CareDesk, role: Role, username = `test.${role}`) {
  return app.accounts.provision(
    { id: randomUUID(), username, displayName: `Test ${role}`, role, verifier: verifier() },
    'local',
  );
}
