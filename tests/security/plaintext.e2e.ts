import { test, expect } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ADMIN, removeDataDir, startHarnessProcess } from '../support/harness';
import { filesUnder, scanForPlaintext } from '../support/plaintext-scan';
import { AppShell, NewPatientPage, SIGN_IN_TIMEOUT } from '../e2e/pages/app';
import { LockScreenPage, runAction } from '../e2e/pages/session';

/** Names no other test types, so a hit can only come from this session. */
function unusualName(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  const vowels = 'aeiou';
  let name = 'Q';
  for (let i = 0; i < 4; i++) name += letters[randomInt(letters.length)]! + vowels[randomInt(vowels.length)]!;
  return name.slice(0, 1) + name.slice(1).toLowerCase();
}
/** Fictional 555-01xx numbers in area codes the other tests do not use. */
function unusualPhone(): { typed: string; digits: string } {
  const area = ['307', '406', '605', '802', '907'][randomInt(5)]!;
  const line = String(100 + randomInt(100)).padStart(4, '0');
  return { typed: `${area}.555.${line}`, digits: `${area}555${line}` };
}

test('after a whole session, no typed name or phone number is in the data folder, the logs or the temp folder', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const startedAt = Date.now() - 1000;
  const logDir = mkdtempSync(join(tmpdir(), 'caredesk-logs-'));
  const harness = await startHarnessProcess(
    undefined,
    { CAREDESK_LOG_LEVEL: 'debug' },
    { logFile: join(logDir, 'harness.log') },
  );
  const people = [0, 1].map(() => ({
    firstName: unusualName(),
    lastName: unusualName(),
    dateOfBirth: `0${1 + randomInt(9)}/1${randomInt(10)}/19${40 + randomInt(50)}`,
    phone: unusualPhone(),
  }));
  try {
    const app = new AppShell(page);
    await app.open(harness.url);
    for (const p of people) {
      const form = new NewPatientPage(page);
      await form.open();
      await form.fill({ ...p, phone: p.phone.typed });
      await form.save();
      await expect(page.getByRole('heading', { name: `${p.lastName}, ${p.firstName}` })).toBeVisible();
    }
    for (const p of people) {
      for (const query of [`${p.firstName} ${p.lastName}`, p.phone.typed]) {
        await app.searchFor(query);
        await expect(app.patientResult(new RegExp(p.lastName))).toBeVisible();
        await app.closePalette();
      }
    }
    await app.searchFor(people[0]!.lastName);
    // As a coordinator does (and every other test here): Enter once the patient is listed.
    await expect(app.patientResult(new RegExp(people[0]!.lastName))).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: `${people[0]!.lastName}, ${people[0]!.firstName}` })).toBeVisible();
    await runAction(page, 'Audit log');
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    const lock = new LockScreenPage(page);
    await lock.lockWithShortcut();
    await lock.unlock(E2E_ADMIN.password);
    await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
    await runAction(page, 'Sign out');
    await expect(page.getByRole('heading', { name: 'Sign in to CareDesk' })).toBeVisible();
  } finally {
    await harness.stop();
  }

  const needles = people.flatMap((p) => [
    p.firstName,
    p.lastName,
    p.firstName.toLowerCase(),
    p.lastName.toLowerCase(),
    p.phone.typed,
    p.phone.digits,
    `+1${p.phone.digits}`,
    `(${p.phone.digits.slice(0, 3)}) ${p.phone.digits.slice(3, 6)}-${p.phone.digits.slice(6)}`,
  ]);
  const dataFiles = filesUnder(harness.dataDir);
  const logFiles = filesUnder(logDir);
  // The temp folder: everything changed during this test (the browser's profile included), not the data folder twice.
  const tempFiles = filesUnder(tmpdir(), startedAt).filter(
    (f) => !f.startsWith(harness.dataDir) && !f.startsWith(logDir),
  );
  expect(dataFiles.length).toBeGreaterThan(2);
  expect(logFiles).toHaveLength(1);
  // The log was captured (the scan is not vacuous): the harness's own start line is in it.
  expect(readFileSync(logFiles[0]!, 'utf8')).toContain('CareDesk harness:');
  const hits = scanForPlaintext([...dataFiles, ...logFiles, ...tempFiles], needles);
  // security.plaintext_hits
  const browserProfile = tempFiles.filter((f) => f.includes('playwright_chromiumdev_profile')).length;
  console.log(
    `security.plaintext_hits=${hits.length} (${dataFiles.length} data, ${logFiles.length} log, ` +
      `${tempFiles.length} temp files of which ${browserProfile} in the browser profile)`,
  );
  expect(hits).toEqual([]);
  removeDataDir(harness.dataDir);
  rmSync(logDir, { recursive: true, force: true });
});
