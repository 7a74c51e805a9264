import { expect, type Locator, type Page } from '@playwright/test';
import { SIGN_IN_TIMEOUT } from './app';

/** The lock screen: the locked user's password, or someone else signs in. */
export class LockScreenPage {
  constructor(readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { name: 'CareDesk is locked' });
  }

  async lockWithShortcut(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+L');
    await expect(this.heading()).toBeVisible();
  }

  async unlock(password: string): Promise<void> {
    await expect(this.heading()).toBeVisible();
    await expect(this.page.getByLabel('Password')).toBeFocused();
    await this.page.keyboard.type(password);
    await this.page.keyboard.press('Enter');
  }

  /** Tab from the password box to "Switch user" (past Unlock) and press it. */
  async switchUser(): Promise<void> {
    // The password box takes focus once the lock screen has rendered; Tab before that
    // would start from the page body.
    await expect(this.page.getByLabel('Password')).toBeFocused();
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Tab');
    await expect(this.page.getByRole('button', { name: 'Switch user' })).toBeFocused();
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByRole('heading', { name: 'Sign in as someone else' })).toBeVisible();
  }
}

/** Runs a palette action by typing its name, as a person would. */
export async function runAction(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await expect(page.getByRole('combobox', { name: 'Search patients, screens and actions' })).toBeFocused();
  await page.keyboard.type(title);
  await expect(page.getByRole('option', { name: new RegExp(`^${title}`) })).toBeVisible();
  await page.keyboard.press('Enter');
}

/** Admin: Users and roles, reached from the palette. */
export class UsersPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await runAction(this.page, 'Users and roles');
    await expect(this.page.getByRole('heading', { name: 'Users and roles' })).toBeVisible();
  }

  /** Fills "Add a user" from its first field with Tab, picks the role with the keyboard, and submits. */
  async add(user: { username: string; displayName: string; role: string; password: string }): Promise<void> {
    const k = this.page.keyboard;
    const username = this.page.getByLabel('Username');
    for (let i = 0; i < 20 && !(await username.evaluate((el) => el === document.activeElement)); i++)
      await k.press('Tab');
    await expect(username).toBeFocused();
    await k.type(user.username);
    await k.press('Tab');
    await k.type(user.displayName);
    await k.press('Tab');
    // Type-ahead on the focused role list, as on any native select.
    await k.type(user.role);
    await expect(this.page.getByLabel('Role', { exact: true })).toHaveValue(user.role);
    await k.press('Tab');
    await k.type(user.password);
    await k.press('Enter');
    await expect(this.page.getByRole('status')).toContainText(`Added ${user.username} as ${user.role}`);
  }
}

/** Presses Tab until `target` has focus, as a person tabbing through a screen would. */
export async function tabTo(page: Page, target: Locator, most = 40): Promise<void> {
  for (let i = 0; i < most && !(await target.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** Switch user from the palette, then sign in as someone else on the lock screen. */
export async function switchTo(page: Page, user: { username: string; password: string }): Promise<void> {
  await runAction(page, 'Switch user');
  const lock = new LockScreenPage(page);
  await expect(lock.heading()).toBeVisible();
  await lock.switchUser();
  await expect(page.getByLabel('Username')).toBeFocused();
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
}

/** On the sign-in form after a refusal (focus in the emptied password box): another username and password. */
export async function retrySignIn(page: Page, user: { username: string; password: string }): Promise<void> {
  const password = page.getByLabel('Password');
  await expect(password).toBeFocused({ timeout: SIGN_IN_TIMEOUT });
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+a');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
}

/** A row of Users and roles, and the buttons in it (each named with the username). */
export function userRow(page: Page, username: string) {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: username, exact: true }) });
}
