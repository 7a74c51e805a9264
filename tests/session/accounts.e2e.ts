import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../support/harness';
import { test } from '../support/harness-fixture';
import { AppShell, SIGN_IN_TIMEOUT } from '../e2e/pages/app';
import { retrySignIn, runAction, switchTo, tabTo, UsersPage, userRow } from '../e2e/pages/session';
import { expectNoAxeViolations } from '../support/axe';

// Each test checks a dozen 128 MiB scrypt verifiers: slow on a busy shared machine.
test.describe.configure({ timeout: 240_000 });

const dana = { username: 'dana.w', displayName: 'Dana Whitfield', role: 'coordinator', password: 'dana long password' };
const DANA_NEW = 'dana second password';

const ready = (page: Page) =>
  expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });

async function openUsers(page: Page) {
  await new UsersPage(page).open();
}

async function press(page: Page, name: string) {
  await tabTo(page, page.getByRole('button', { name, exact: true }));
  await page.keyboard.press('Enter');
}

test('an admin lifts a lockout, resets a forgotten password, disables and enables an account, keyboard only', async ({
  page,
  harness,
}) => {
  const k = page.keyboard;
  await new AppShell(page).open(harness.url);
  await openUsers(page);
  await new UsersPage(page).add(dana);

  // Dana forgets her password and locks herself out.
  await switchTo(page, { username: dana.username, password: 'a wrong guess 1' });
  const password = page.getByLabel('Password');
  for (let i = 2; i <= 5; i++) {
    // The box empties when the refusal arrives; typing before that would be lost.
    await expect(password).toHaveValue('', { timeout: SIGN_IN_TIMEOUT });
    await expect(password).toBeFocused();
    await k.type(`a wrong guess ${i}`);
    await k.press('Enter');
  }
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/locked for 15 more minutes/, {
    timeout: SIGN_IN_TIMEOUT,
  });

  // The admin lifts it, then gives her a new password.
  await retrySignIn(page, E2E_ADMIN);
  await ready(page);
  await openUsers(page);
  await expect(userRow(page, dana.username)).toContainText('Locked out until');
  await expectNoAxeViolations(page);
  await press(page, `Lift lockout ${dana.username}`);
  await expect(page.getByRole('status')).toHaveText(`${dana.username}'s lockout is lifted`);
  await expect(userRow(page, dana.username)).toContainText('Can sign in');

  await page.getByRole('heading', { name: 'Users and roles' }).focus();
  await press(page, `Reset password ${dana.username}`);
  const dialog = page.getByRole('dialog', { name: `Reset the password of ${dana.username}` });
  await expect(dialog.getByLabel('New password', { exact: true })).toBeFocused();
  await expectNoAxeViolations(page);
  await k.type('too short');
  await k.press('Tab');
  await k.type('too short');
  await k.press('Enter');
  await expect(dialog.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(
    /Use at least 12 characters/,
  );
  await expect(dialog.getByLabel('New password', { exact: true })).toBeFocused();
  await k.press('Control+a');
  await k.type(DANA_NEW);
  await k.press('Tab');
  await k.press('Control+a');
  await k.type(DANA_NEW);
  await k.press('Enter');
  await expect(page.getByRole('status')).toHaveText(`New password set for ${dana.username}`);
  await expect(dialog).toHaveCount(0);

  // Disabling asks first (Cancel has focus), then shuts her out.
  await page.getByRole('heading', { name: 'Users and roles' }).focus();
  await press(page, `Disable ${dana.username}`);
  const confirm = page.getByRole('alertdialog', { name: `Disable ${dana.username}?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoAxeViolations(page);
  await k.press('Tab');
  await expect(confirm.getByRole('button', { name: `Disable ${dana.username}` })).toBeFocused();
  await k.press('Enter');
  await expect(page.getByRole('status')).toHaveText(`${dana.username} is disabled`);
  await expect(userRow(page, dana.username)).toContainText('Disabled');

  await switchTo(page, { username: dana.username, password: DANA_NEW });
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/This account is disabled/, {
    timeout: SIGN_IN_TIMEOUT,
  });

  // Enabled again, she signs in with the password the admin set.
  await retrySignIn(page, E2E_ADMIN);
  await ready(page);
  await openUsers(page);
  await press(page, `Enable ${dana.username}`);
  await expect(page.getByRole('status')).toHaveText(`${dana.username} can sign in again`);
  await switchTo(page, { username: dana.username, password: DANA_NEW });
  await ready(page);
  await expect(page.getByLabel('Signed in as')).toHaveText('Dana Whitfield (coordinator)');

  // All of it is on the record.
  await switchTo(page, E2E_ADMIN);
  await ready(page);
  await runAction(page, 'Audit log');
  for (const channel of ['users.liftLockout', 'users.resetPassword', 'users.disable', 'users.enable']) {
    await expect(page.getByRole('cell', { name: channel, exact: true })).toHaveCount(1);
  }
});

test('a coordinator changes their own password from Ctrl+K; the current one is asked for first', async ({
  page,
  harness,
}) => {
  const k = page.keyboard;
  await new AppShell(page).open(harness.url);
  await openUsers(page);
  await new UsersPage(page).add(dana);
  await switchTo(page, dana);
  await ready(page);

  await runAction(page, 'Change my password');
  await expect(page.getByRole('heading', { name: 'Change my password' })).toBeVisible();
  const current = page.getByLabel('Current password');
  await expect(current).toBeFocused();
  await expectNoAxeViolations(page);
  await k.type('not my password');
  await k.press('Tab');
  await k.type(DANA_NEW);
  await k.press('Tab');
  await k.type(DANA_NEW);
  await k.press('Enter');
  await expect(current).toHaveAccessibleDescription('That is not your current password', {
    timeout: SIGN_IN_TIMEOUT,
  });
  await expect(current).toBeFocused();
  await expect(current).toHaveValue('');
  await expectNoAxeViolations(page);
  await k.type(dana.password);
  await k.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Your password was changed. Use the new one from now on.', {
    timeout: SIGN_IN_TIMEOUT,
  });

  // Only the new password unlocks from now on.
  await k.press('Control+Shift+L');
  await expect(page.getByRole('heading', { name: 'CareDesk is locked' })).toBeVisible();
  await expect(page.getByLabel('Password')).toBeFocused();
  await k.type(dana.password);
  await k.press('Enter');
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('Wrong username or password', {
    timeout: SIGN_IN_TIMEOUT,
  });
  await k.type(DANA_NEW);
  await k.press('Enter');
  await ready(page);
});
