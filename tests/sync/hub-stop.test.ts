import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stopHub } from '../../src-server/stop';

/** Stopping the hub (`npm run server`) on SIGTERM or SIGINT: a clean stop exits 0, a failed one says so and exits 1. */

describe('stopping the hub', () => {
  it('a stop that fails is reported, still closes the database, and exits non-zero', async () => {
    const said: string[] = [];
    let databaseClosed = false;
    const code = await stopHub(
      {
        hub: { close: () => Promise.reject(new Error('a notice stream would not end')) },
        database: {
          close: () => {
            databaseClosed = true;
            return Promise.resolve();
          },
        },
      },
      'SIGTERM',
      (line) => said.push(line),
    );
    expect(code).toBe(1);
    expect(databaseClosed).toBe(true);
    expect(said).toEqual(['CareDesk hub could not close its server on SIGTERM: a notice stream would not end']);
  });

  it('a database that fails to close is reported too', async () => {
    const said: string[] = [];
    const code = await stopHub(
      {
        hub: { close: () => Promise.resolve() },
        database: { close: () => Promise.reject(new Error('connection lost')) },
      },
      'SIGINT',
      (line) => said.push(line),
    );
    expect(code).toBe(1);
    expect(said).toEqual(['CareDesk hub could not close its database on SIGINT: connection lost']);
  });

  it('the development hub stops cleanly on SIGTERM with exit code 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-hub-stop-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CAREDESK_HUB_LOG_LEVEL: 'silent' };
      delete env.DATABASE_URL; // PGlite in the folder
      const proc = spawn(
        process.execPath,
        ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--data-dir', dataDir],
        {
          cwd: fileURLToPath(new URL('../..', import.meta.url)),
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      proc.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        proc.stdout.setEncoding('utf8').on('data', (text: string) => {
          if (text.includes('listening on')) resolve();
        });
        void exited.then((code) => reject(new Error(`the hub ended before listening (${code}): ${stderr}`)));
      });
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
