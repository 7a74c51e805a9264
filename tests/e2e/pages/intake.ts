import { expect, type Page } from '@playwright/test';

/**
 * The whole intake, driven from the keyboard only: Alt+1…8 to reach a section, Tab
 * to a field, typing to fill it (a select takes the first letters of its option,
 * a checkbox takes Space), Ctrl+S to save.
 */
export class IntakePage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('Control+n');
    await expect(this.page.getByRole('heading', { name: 'New patient' })).toBeVisible();
    await expect(this.field('First name')).toBeFocused();
  }

  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }

  async section(number: number): Promise<void> {
    await this.page.keyboard.press(`Alt+${number}`);
  }

  /** Tab forward until the named field has focus, as a person scanning the form would. */
  async tabTo(label: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const current = await this.page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el?.labels?.[0]?.textContent?.trim() ?? '';
      });
      if (current === label) return;
      await this.page.keyboard.press('Tab');
    }
    throw new Error(`Could not reach "${label}" with Tab`);
  }

  async type(label: string, text: string): Promise<void> {
    await this.tabTo(label);
    await this.page.keyboard.type(text);
  }

  async choose(label: string, optionText: string): Promise<void> {
    await this.tabTo(label);
    await this.page.keyboard.type(optionText);
    await expect(this.field(label).locator('option:checked')).toHaveText(optionText);
  }

  async check(label: string): Promise<void> {
    await this.tabTo(label);
    await this.page.keyboard.press('Space');
    await expect(this.field(label)).toBeChecked();
  }

  async fillIdentity(p: { firstName: string; lastName: string; dateOfBirth: string; sex?: string }): Promise<void> {
    await this.section(1);
    await this.type('First name', p.firstName);
    await this.type('Last name', p.lastName);
    await this.type('Date of birth', p.dateOfBirth);
    if (p.sex) await this.choose('Sex assigned at birth', p.sex);
  }

  async fillPhone(phone: string): Promise<void> {
    await this.section(2);
    await expect(this.field('Phone')).toBeFocused();
    await this.page.keyboard.type(phone);
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }

  /** Waits until all the typing so far has been written as the draft (the form says so only then). */
  async draftKept(): Promise<void> {
    await expect(this.page.getByText(/Draft kept/)).toBeVisible();
  }
}
