import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCareDesk, type CareDesk } from '../../src-main/services';
import type { Sender } from '../../src-main/ipc/router';

export const TEST_ORIGIN = 'app://caredesk';
export const fromWindow: Sender = { origin: TEST_ORIGIN, mainFrame: true };

/** A fresh data folder with a real encrypted store, removed by `dispose`. */
export function freshCareDesk(): CareDesk & { dataDir: string; key: Buffer; dispose(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-test-'));
  const key = randomBytes(32);
  const app = startCareDesk({ dataDir, key, trustedOrigins: [TEST_ORIGIN] });
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
