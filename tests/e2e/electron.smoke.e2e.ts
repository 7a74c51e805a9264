import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../../scripts/electron-binary';
import { E2E_ADMIN } from '../support/harness';
import { SignInPage } from './pages/app';

/**
 * The desktop app itself, unfused and unpackaged (`electron .` on the built
 * bundles), driven by Playwright's _electron. Runs where an Electron binary is on
 * disk; elsewhere it is reported as skipped, never silently passed.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const binary = findElectronBinary(ROOT);

test.describe('the CareDesk desktop app', () => {
  test.skip(!binary, 'no Electron binary on this machine');

  let app: ElectronApplication;
  let dataDir: string;

  test.beforeAll(() => {
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build.ts')], { stdio: 'ignore' });
  });

  test.beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'caredesk-electron-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [ROOT],
      env: {
        ...process.env,
        CAREDESK_USER_DATA_DIR: dataDir,
        // A CI machine has no OS keystore; unpackaged runs may take the key from the environment.
        CAREDESK_DB_KEY: randomBytes(32).toString('hex'),
        CAREDESK_BOOTSTRAP_ADMIN: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
        CAREDESK_LOG_LEVEL: 'silent',
      },
    });
  });

  test.afterEach(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one sandboxed window from app:// that can sign in, and nothing of Node reaches the page', async () => {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://caredesk/index.html');
    expect(await page.evaluate(() => Object.keys(window.caredesk ?? {}))).toEqual(['invoke', 'subscribe']);
    expect(
      await page.evaluate(() => [typeof (window as unknown as Record<string, unknown>).require, typeof process]),
    ).toEqual(['undefined', 'undefined']);

    // The real IPC wrapper and router answer: an unknown channel is refused, not thrown.
    expect(await page.evaluate(() => window.caredesk!.invoke('no.such.channel', {}))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });

    // The CSP arrives as a real header on app:// responses.
    const csp = await page.evaluate(async () =>
      (await fetch('app://caredesk/index.html')).headers.get('content-security-policy'),
    );
    expect(csp).toContain("default-src 'none'");

    await new SignInPage(page).signIn(E2E_ADMIN);
    await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
    expect(existsSync(join(dataDir, 'caredesk.db'))).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('refuses to navigate away or open new windows', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://caredesk/index.html');
    expect(app.windows()).toHaveLength(1);
  });
});
