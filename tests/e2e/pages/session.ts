import { expect, type Page } from '@playwright/test';

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
