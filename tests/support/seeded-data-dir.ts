import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHarnessKey } from '../../src-main/harness/key-file';
import { startCareDesk, type CareDesk } from '../../src-main/services';
import type { SessionUser } from '../../src-shared/session/contract';
import { E2E_ADMIN } from './harness';

/** The trusted origin of the router calls that write a clinic before the harness opens it. */
export const SEED = { origin: 'app://seed', mainFrame: true };

/**
 * A data folder for an e2e harness to open, written first by `write` through a CareDesk in
 * this process (the harness's key, the e2e admin signed in), which is closed before the
 * folder is handed over.
 */
export async function seededDataDir(
  name: string,
  write: (app: CareDesk, me: SessionUser) => Promise<void> | void,
): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), `caredesk-e2e-${name}-`));
  const app = startCareDesk({
    dataDir,
    key: loadHarnessKey(dataDir),
    trustedOrigins: [SEED.origin],
    bootstrapAdmin: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
  });
  try {
    // Any call through the router waits until the bootstrap admin exists.
    await app.router('session.state', {}, SEED);
    await write(app, app.session.openFor(E2E_ADMIN.username));
  } finally {
    app.close();
  }
  return dataDir;
}
