import { expect, type Page } from '@playwright/test';

/** The app shell: shortcuts a coordinator uses from anywhere. */
export class AppShell {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Ready' })).toBeVisible();
  }

  async searchFor(text: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    const box = this.page.getByRole('combobox', { name: 'Search patients, screens and actions' });
    await expect(box).toBeFocused();
    await this.page.keyboard.type(text);
  }

  patientResult(name: RegExp | string) {
    return this.page.getByRole('option', { name });
  }

  async closePalette(): Promise<void> {
    await this.page.keyboard.press('Escape');
  }
}

/** The New patient form, filled as a coordinator would: Tab from field to field. */
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
    await k.press('Tab');
    await k.type(p.lastName);
    await k.press('Tab');
    await k.type(p.dateOfBirth);
    await k.press('Tab');
    await k.type(p.phone);
    await k.press('Tab');
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }

  error(label: string) {
    return this.page.getByLabel(label);
  }
}
