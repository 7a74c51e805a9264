import { test, expect, type Browser, type Page } from '@playwright/test';
import { removeDataDir, startHarnessProcess, type RunningHarness } from '../support/harness';
import { startDevHub, startLink } from '../support/dev-hub';
import { AppShell, NewPatientPage, SIGN_IN_TIMEOUT } from '../e2e/pages/app';
import { switchTo, tabTo } from '../e2e/pages/session';
import { IntakePage } from '../e2e/pages/intake';
import { SyncPage } from '../e2e/pages/sync';
import { expectNoAxeViolations } from '../support/axe';

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

/** A workstation an admin enrolls with IT's code, then the clinic's coordinator signs in to. */
async function workstation(browser: Browser, hubUrl: string, name: string) {
  const harness = await startHarnessProcess(undefined, { CAREDESK_HUB_URL: hubUrl });
  harnesses.push(harness);
  const page = await (await browser.newContext()).newPage();
  await new AppShell(page).open(harness.url);
  const sync = new SyncPage(page);
  await expect(sync.indicator()).toHaveText('Working alone: not connected to a clinic hub');
  await sync.open();
  await expectNoAxeViolations(page);
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
  await expectNoAxeViolations(front.page);
  await front.sync.syncNow();
  await expect(front.sync.indicator()).toHaveText('Online, in step with the hub', { timeout: 30_000 });
  await expect.poll(() => findPatient(back.page, 'Quintanilla'), { timeout: 30_000 }).toBe(true);

  // Both change her preferred name, the front desk while cut off again: a conflict on both worklists.
  link.cut();
  await setPreferredName(front.page, 'Mari');
  await setPreferredName(back.page, 'Sol');
  link.restore();
  await front.sync.open();
  await front.sync.syncNow();
  const list = front.sync.reviewList();
  await expect(list.getByRole('row', { name: /Conflicting edits/ })).toContainText(
    'preferred name: kept "Sol", set aside "Mari"',
    { timeout: 30_000 },
  );
  await expect(back.page.getByRole('button', { name: /Sync: 1 to review/ })).toBeVisible({ timeout: 30_000 });

  // The coordinator picks the front desk's value from the keyboard; the item leaves both worklists.
  await tabTo(front.page, list);
  await front.page.keyboard.press('Enter');
  const dialog = front.page.getByRole('dialog', { name: 'Conflicting edits: Patient' });
  await expect(dialog.getByRole('button', { name: 'Keep “Sol”' })).toBeFocused();
  await expectNoAxeViolations(front.page);
  await front.page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Use “Mari” instead' })).toBeFocused();
  await front.page.keyboard.press('Enter');
  await expect(front.page.getByRole('status')).toHaveText('Put back "Mari" as preferred name');
  await expect(front.page.getByText('Nothing to review: sync settled everything.')).toBeVisible();
  await expect(back.page.getByRole('button', { name: 'Sync Alt+Y' })).toBeVisible({ timeout: 30_000 });
  // The back office opens her chart again and reads the name the coordinator chose.
  await expect(async () => {
    await openChart(back.page);
    await expect(back.page.getByRole('region', { name: 'Demographics' })).toContainText('Mari', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});

async function openChart(page: Page) {
  // From Home, so an open chart of her is read again, not kept.
  await page.keyboard.press('Alt+h');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Quintanilla');
  await expect(page.getByRole('option', { name: /Quintanilla, Marisol/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Quintanilla, Marisol' })).toBeVisible();
}

/** From anywhere: find the patient, open the chart, Alt+E, change the preferred name, Ctrl+S. */
async function setPreferredName(page: Page, name: string) {
  await openChart(page);
  await page.keyboard.press('Alt+e');
  await expect(page.getByRole('heading', { name: 'Edit Marisol Quintanilla' })).toBeVisible();
  const intake = new IntakePage(page);
  await intake.tabTo('Preferred name');
  await page.keyboard.press('Control+a');
  await page.keyboard.type(name);
  await intake.save();
  await expect(page.getByRole('region', { name: 'Demographics' })).toContainText(name);
}
