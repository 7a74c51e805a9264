import { test, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { removeDataDir, startHarnessProcess, type RunningHarness } from '../support/harness';
import { startDevHub, startLink } from '../support/dev-hub';
import { AppShell, NewPatientPage, SIGN_IN_TIMEOUT } from '../e2e/pages/app';
import { switchTo } from '../e2e/pages/session';
import { SyncPage } from '../e2e/pages/sync';

// Two harnesses, two browsers and a hub on two shared cores: sign-ins alone cost seconds each.
test.describe.configure({ timeout: 240_000 });

let hub: Awaited<ReturnType<typeof startDevHub>>;
let link: Awaited<ReturnType<typeof startLink>>;
const harnesses: RunningHarness[] = [];

test.beforeEach(async () => {
  hub = await startDevHub();
  // The front desk reaches the hub through a link the test can cut; the back office directly.
  link = await startLink(hub.port);
});
test.afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    await h.stop();
    removeDataDir(h.dataDir);
  }
  await link.close();
  await hub.stop();
});

async function noAxeViolations(page: Page): Promise<void> {
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
}

/** A workstation an admin enrolls with IT's code, then the clinic's coordinator signs in to. */
async function workstation(browser: Browser, hubUrl: string, name: string) {
  const harness = await startHarnessProcess(undefined, { CAREDESK_HUB_URL: hubUrl });
  harnesses.push(harness);
  const page = await (await browser.newContext()).newPage();
  await new AppShell(page).open(harness.url);
  const sync = new SyncPage(page);
  await expect(sync.indicator()).toHaveText('Working alone: not connected to a clinic hub');
  await sync.open();
  await noAxeViolations(page);
  await sync.enroll(await hub.enrollmentCode(), name);
  await expect(page.getByRole('status')).toHaveText(
    `Enrolled with ${hub.organizationName}. Sign in with a clinic account to start syncing.`,
  );
  await switchTo(page, hub.coordinator);
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
  await expect(sync.indicator()).toHaveText('Online, in step with the hub', { timeout: 30_000 });
  return { page, sync };
}

async function findPatient(page: Page, lastName: string) {
  await page.keyboard.press('Control+k');
  await page.keyboard.type(lastName);
  const found = page.getByRole('option', { name: new RegExp(lastName) });
  const visible = await found
    .first()
    .waitFor({ timeout: 2_000 })
    .then(() => true)
    .catch(() => false);
  await page.keyboard.press('Escape');
  return visible;
}

test('a workstation cut off from the hub keeps working, catches up when it returns, and the other sees its changes', async ({
  browser,
}) => {
  const front = await workstation(browser, link.url, 'Front desk');
  const back = await workstation(browser, hub.url, 'Back office');

  // The front desk loses the hub and keeps registering patients.
  link.cut();
  const intake = new NewPatientPage(front.page);
  await intake.open();
  await intake.fill({
    firstName: 'Marisol',
    lastName: 'Quintanilla',
    dateOfBirth: '03/14/1962',
    phone: '617-555-0177',
  });
  await intake.save();
  await expect(front.page.getByRole('heading', { name: 'Quintanilla, Marisol' })).toBeVisible();
  await expect(front.sync.indicator()).toHaveText(/^Offline, \d+ changes? waiting$/, { timeout: 30_000 });
  expect(await findPatient(back.page, 'Quintanilla')).toBe(false);

  // The hub comes back: Sync now from the sync screen, and the back office sees the patient.
  link.restore();
  await front.sync.open();
  await noAxeViolations(front.page);
  await front.sync.syncNow();
  await expect(front.sync.indicator()).toHaveText('Online, in step with the hub', { timeout: 30_000 });
  await expect.poll(() => findPatient(back.page, 'Quintanilla'), { timeout: 30_000 }).toBe(true);
});
