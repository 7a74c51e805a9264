import { afterEach, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { HARNESS_BUNDLE, startHarnessProcess } from '../support/harness';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'caredesk-harness-'));
  dirs.push(d);
  return d;
};
const fingerprint = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex'),
    ]),
  );

// Each test starts the harness as its own process: allow for a loaded machine.
describe('npm run web (the harness)', { timeout: 120_000 }, () => {
  it('makes DIR/db.key and the store readable by this OS user only, and serves on loopback', async () => {
    const dir = freshDir();
    const harness = await startHarnessProcess(dir);
    try {
      expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      for (const file of readdirSync(dir))
        expect([file, statSync(join(dir, file)).mode & 0o777]).toEqual([file, 0o600]);
      const page = await fetch(harness.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      // Another Host (a DNS-rebinding page) gets nothing.
      // (fetch may not set Host, so this request is made with node:http.)
      const rebound = await new Promise<number>((resolve, reject) =>
        get(harness.url, { headers: { Host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject),
      );
      expect(rebound).toBe(421);
    } finally {
      await harness.stop();
    }
  });

  it('exits non-zero with the store error for a wrong CAREDESK_DB_KEY and leaves the files untouched', async () => {
    const dir = freshDir();
    const key = randomBytes(32).toString('hex');
    const first = await startHarnessProcess(dir, { CAREDESK_DB_KEY: key });
    await first.stop();
    const before = fingerprint(dir);
    const wrong = spawnSync(process.execPath, [HARNESS_BUNDLE, '--data-dir', dir, '--port', '0'], {
      env: { ...process.env, CAREDESK_DB_KEY: randomBytes(32).toString('hex') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/STORE_WRONG_KEY: The database key does not open .*caredesk\.db: wrong key/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('refuses a malformed CAREDESK_DB_KEY before touching anything', () => {
    const dir = freshDir();
    const result = spawnSync(process.execPath, [HARNESS_BUNDLE, '--data-dir', dir], {
      env: { ...process.env, CAREDESK_DB_KEY: 'not-hex' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/CAREDESK_DB_KEY must be 64 hex digits/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
