import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../../support/harness';

/** The app shell: shortcuts a coordinator uses from anywhere. */
export class AppShell {
  constructor(readonly page: Page) {}

  /** Opens CareDesk and signs in (as the harness's bootstrap admin unless told otherwise), landing on Home. */
  async open(url: string, user: { username: string; password: string } = E2E_ADMIN): Promise<void> {
    await this.page.goto(url);
    await new SignInPage(this.page).signIn(user);
    await expect(this.page.getByRole('heading', { name: 'Ready' })).toBeVisible({ timeout: SIGN_IN_TIMEOUT });
  }

  async searchFor(text: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    const box = this.page.getByRole('combobox', { name: 'Search patients, screens and actions' });
    await expect(box).toBeFocused();
    // The palette opens empty, whatever was typed the last time it was open.
    await expect(box).toHaveValue('');
    await this.page.keyboard.type(text);
  }

  patientResult(name: RegExp | string) {
    return this.page.getByRole('option', { name });
  }

  async closePalette(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

/**
 * The New patient intake, quick path: the four facts, filled as a coordinator would,
 * Tab from field to field and Alt+2 to jump to Contact. The whole intake is
 * IntakePage (./intake.ts).
 */
export class NewPatientPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('Control+n');
    await expect(this.page.getByRole('heading', { name: 'New patient' })).toBeVisible();
    await expect(this.page.getByLabel('First name')).toBeFocused();
  }

  async fill(p: { firstName: string; lastName: string; dateOfBirth: string; phone: string }): Promise<void> {
    const k = this.page.keyboard;
    await k.type(p.firstName);
    await k.press('Tab'); // middle name
    await k.press('Tab');
    await k.type(p.lastName);
    await k.press('Tab'); // preferred name
    await k.press('Tab');
    await k.type(p.dateOfBirth);
    await k.press('Tab');
    await k.press('Alt+2');
    await expect(this.page.getByLabel('Phone', { exact: true })).toBeFocused();
    await k.type(p.phone);
    await k.press('Tab');
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }

  error(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }
}

/**
 * A password check costs 128 MiB of scrypt (~0.6 s on an idle CI core); on a machine busy with
 * other suites it can take several seconds, so screens after a sign-in or unlock get longer.
 */
export const SIGN_IN_TIMEOUT = 20_000;

/** The sign-in screen, as a person uses it: the username box has focus, Tab to the password, Enter. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async signIn({ username, password }: { username: string; password: string }): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Sign in to CareDesk' })).toBeVisible();
    await expect(this.page.getByLabel('Username')).toBeFocused();
    await this.page.keyboard.type(username);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(password);
    await this.page.keyboard.press('Enter');
  }
}
