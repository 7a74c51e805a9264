import { expect, type Page } from '@playwright/test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ADMIN } from '../support/harness';
import { test } from '../support/harness-fixture';
import { AppShell, NewPatientPage, SIGN_IN_TIMEOUT, SignInPage } from '../e2e/pages/app';
import { LockScreenPage, UsersPage, runAction } from '../e2e/pages/session';
import { expectNoAxeViolations } from '../support/axe';

// Each test starts a harness and checks a 128 MiB scrypt verifier or two: slow on a busy shared machine.
test.describe.configure({ timeout: 180_000 });

const patient = {
  firstName: 'Philippa',
  lastName: 'Marchetti-Oduya',
  dateOfBirth: '04/19/1972',
  phone: '617.555.0142',
};
const chartHeading = (page: Page) => page.getByRole('heading', { name: 'Marchetti-Oduya, Philippa' });

async function openPatient(page: Page) {
  const form = new NewPatientPage(page);
  await form.open();
  await form.fill(patient);
  await form.save();
  await expect(chartHeading(page)).toBeVisible();
}

/** Nothing of the patient anywhere in the page: not on screen, not in the DOM. */
async function expectNoPatientDetail(page: Page) {
  const html = await page.content();
  for (const detail of [patient.firstName, patient.lastName, '555-0142', '5550142', '1972']) {
    expect(html, detail).not.toContain(detail);
  }
}

test.describe('a machine with no account yet', () => {
  test.use({ harnessSetup: { env: { CAREDESK_BOOTSTRAP_ADMIN: '' } } });

  test('first run: the person at the keyboard creates the first admin and lands ready to work', async ({
    page,
    harness,
  }) => {
    await page.goto(harness.url);
    await expect(page.getByRole('heading', { name: 'Set up CareDesk' })).toBeVisible();
    await expect(page.getByLabel('Username')).toBeFocused();
    await expectNoAxeViolations(page);
    const k = page.keyboard;
    await k.type('clinic.it');
    await k.press('Tab');
    await k.type('Clinic IT');
    await k.press('Tab');
    await k.type('short');
    await k.press('Tab');
    await k.type('different');
    await k.press('Enter');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAccessibleDescription(
      /Use at least 12 characters/,
    );
    await expectNoAxeViolations(page);

    // Focus went to the first field that needs attention; replace both passwords.
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await k.press('Control+a');
    await k.type('clinic first password');
    await k.press('Tab');
    await k.press('Control+a');
    await k.type('clinic first password');
    await k.press('Enter');
    await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
    await expect(page.getByLabel('Signed in as')).toHaveText('Clinic IT (admin)');
  });
});

test('sign-in refuses a wrong password, says so at the field, and lets the right one in', async ({ page, harness }) => {
  await page.goto(harness.url);
  const signIn = new SignInPage(page);
  // The sign-in screen renders once the main process has answered session.state.
  await expect(page.getByRole('heading', { name: 'Sign in to CareDesk' })).toBeVisible();
  await expectNoAxeViolations(page);
  await signIn.signIn({ username: E2E_ADMIN.username, password: 'not the password at all' });
  const password = page.getByLabel('Password');
  await expect(password).toHaveAccessibleDescription('Wrong username or password', {
    timeout: SIGN_IN_TIMEOUT,
  });
  await expect(password).toBeFocused();
  await expect(password).toHaveValue('');
  await expectNoAxeViolations(page);
  await page.keyboard.type(E2E_ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
});

test('locking clears the patient from the page; only the password unlocks, and the patient does not come back', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  await openPatient(page);

  const lock = new LockScreenPage(page);
  await lock.lockWithShortcut();
  await expectNoPatientDetail(page);
  await expect(page.getByText(`Locked for ${E2E_ADMIN.username} (${E2E_ADMIN.username})`)).toBeVisible();
  await expectNoAxeViolations(page);

  await lock.unlock('a wrong password here');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('Wrong username or password', {
    timeout: SIGN_IN_TIMEOUT,
  });
  await expect(lock.heading()).toBeVisible();
  await expectNoPatientDetail(page);

  await page.keyboard.type(E2E_ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
  await expect(chartHeading(page)).toHaveCount(0);
});

test('a second coordinator switches in at the lock screen; the first one’s session ends', async ({ page, harness }) => {
  await new AppShell(page).open(harness.url);
  const users = new UsersPage(page);
  await users.open();
  await expectNoAxeViolations(page);
  await users.add({
    username: 'dana.w',
    displayName: 'Dana Whitfield',
    role: 'coordinator',
    password: 'dana long password',
  });
  await expect(page.getByRole('cell', { name: 'Dana Whitfield' })).toBeVisible();

  await runAction(page, 'Switch user');
  const lock = new LockScreenPage(page);
  await expect(lock.heading()).toBeVisible();
  await lock.switchUser();
  await expectNoAxeViolations(page);
  await page.keyboard.type('dana.w');
  await page.keyboard.press('Tab');
  await page.keyboard.type('dana long password');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
  await expect(page.getByLabel('Signed in as')).toHaveText('Dana Whitfield (coordinator)');
  // A coordinator has no admin actions.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Audit log');
  await expect(page.getByRole('option', { name: /^Audit log/ })).toHaveCount(0);
});

test.describe('a workstation whose settings lock after one idle minute', () => {
  test.use({
    harnessSetup: {
      dataDir: () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-e2e-'));
        // The user-settings layer of the PolicyService (machine policy would lock the key).
        writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ idleLockMinutes: 1 }));
        return dataDir;
      },
    },
  });

  test('with IT policy at one minute, an idle session locks by itself and the patient leaves the page', async ({
    page,
    harness,
  }) => {
    test.setTimeout(180_000);
    await new AppShell(page).open(harness.url);
    await openPatient(page);
    const started = Date.now();
    await expect(page.getByRole('heading', { name: 'CareDesk is locked' })).toBeVisible({ timeout: 120_000 });
    expect(Date.now() - started).toBeGreaterThan(45_000);
    await expectNoPatientDetail(page);
  });
});
