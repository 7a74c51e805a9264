import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCareDesk } from '../../src-main/services';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';
import type { Clinic, TestHub } from '../support/hub';

/**
 * A workstation's data folder and key, enrolled with `clinic` and signed in, for the fault
 * tests: a child process (a script in ./fixtures) runs on it until the test SIGKILLs it, then
 * the test reopens the store in this process and looks at what survived.
 */
export async function killableWorkstation(hub: TestHub, clinic: Clinic, name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-killed-'));
  const key = randomBytes(32);
  const dispose = () => rmSync(dataDir, { recursive: true, force: true });
  /** Opens the store here; reopening runs SQLCipher's page authentication and SQLite's integrity check. */
  const open = () =>
    startCareDesk({
      dataDir,
      key,
      trustedOrigins: [],
      bootstrapAdmin: '',
      scryptCost: MINIMUM_SCRYPT_COST,
      hubUrl: hub.url,
      syncInBackground: false,
    });
  try {
    const setup = open();
    try {
      await setup.sync!.enroll(await clinic.enrollmentCode(), name);
      await setup.sync!.signIn(clinic.username, clinic.password);
    } finally {
      setup.close();
    }
  } catch (error) {
    dispose();
    throw error;
  }

  /**
   * Runs `child` on this folder; `killAfter` sees each line it prints and returns the
   * milliseconds after which to SIGKILL it (null: not yet). Resolves once it is killed.
   */
  function runUntilKilled(
    child: string,
    killAfter: (line: string) => number | null,
    env: Record<string, string> = {},
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          ...process.env,
          ...env,
          CAREDESK_TEST_DIR: dataDir,
          CAREDESK_DB_KEY: key.toString('hex'),
          CAREDESK_HUB_URL: hub.url,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let pending = '';
      let killing = false;
      proc.stdout.setEncoding('utf8').on('data', (text: string) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const ms = killing ? null : killAfter(line);
          if (ms === null) continue;
          killing = true;
          setTimeout(() => proc.kill('SIGKILL'), ms);
        }
      });
      proc.once('exit', (_code, signal) =>
        signal === 'SIGKILL' ? resolve() : reject(new Error(`the workstation stopped by itself (${signal})`)),
      );
    });
  }

  return { dataDir, key, open, runUntilKilled, dispose };
}
