import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARNESS_ENTRY } from '../../scripts/harness-entry';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Built by `npm run build:web`, and before test runs whenever a source changed (tests/support/build-harness.ts). */
export const HARNESS_BUNDLE = join(ROOT, HARNESS_ENTRY);

/**
 * The first admin every e2e harness starts with (CAREDESK_BOOTSTRAP_ADMIN); page
 * models sign in as them (tests/e2e/pages/app.ts AppShell.open).
 */
export const E2E_ADMIN = { username: 'e2e.admin', password: 'e2e harness passphrase 1' } as const;

export interface RunningHarness {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `npm run web`'s program (the real services on a real encrypted store) as
 * its own process, the way a person runs it, on a free port; resolves with its URL.
 */
export async function startHarnessProcess(
  dataDir = mkdtempSync(join(tmpdir(), 'caredesk-e2e-')),
  env: NodeJS.ProcessEnv = {},
  /** Everything the harness prints (its log included) is appended here, for the plaintext scan. */
  { logFile }: { logFile?: string } = {},
): Promise<RunningHarness> {
  if (!existsSync(HARNESS_BUNDLE)) throw new Error('The harness is not built: run `npm run build:web`');
  // The bundled harness on this process's Node (22 under every npm script), as `npm run web` runs it.
  const child = spawn(process.execPath, [HARNESS_BUNDLE, '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CAREDESK_LOG_LEVEL: 'silent',
      CAREDESK_BOOTSTRAP_ADMIN: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  if (logFile) {
    child.stdout.on('data', (d: Buffer) => appendFileSync(logFile, d));
    child.stderr.on('data', (d: Buffer) => appendFileSync(logFile, d));
  }
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /CareDesk harness: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
