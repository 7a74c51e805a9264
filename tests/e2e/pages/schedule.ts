import { expect, type Locator, type Page } from '@playwright/test';

/** The scheduling grid, driven the way a coordinator does: keys only. */
export class ScheduleGrid {
  readonly grid: Locator;
  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: /^Schedule,/ });
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+s');
    await expect(this.page.getByRole('heading', { name: /^Schedule · / })).toBeVisible();
    await expect(this.grid).toBeFocused();
  }

  /** The cell under the cursor (the grid's active descendant). */
  cursor(): Locator {
    return this.grid.locator('[role="gridcell"][aria-selected="true"]');
  }

  async moveCursor(right: number, down: number): Promise<void> {
    for (let i = 0; i < Math.abs(right); i++) await this.page.keyboard.press(right > 0 ? 'ArrowRight' : 'ArrowLeft');
    for (let i = 0; i < Math.abs(down); i++) await this.page.keyboard.press(down > 0 ? 'ArrowDown' : 'ArrowUp');
  }

  async nextDay(): Promise<void> {
    const heading = await this.page.getByRole('heading', { name: /^Schedule · / }).textContent();
    await this.page.keyboard.press('PageDown');
    await expect(this.page.getByRole('heading', { name: /^Schedule · / })).not.toHaveText(heading ?? '');
  }

  /** Enter at the cursor, find the patient by typing, Enter picks the first match. */
  async startBooking(patient: string): Promise<Locator> {
    await this.page.keyboard.press('Enter');
    const dialog = this.page.getByRole('dialog', { name: /^Book with / });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('combobox', { name: 'Patient' })).toBeFocused();
    await this.page.keyboard.type(patient);
    await expect(dialog.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first()).toBeVisible();
    await this.page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Visit type')).toBeFocused();
    return dialog;
  }

  async confirmBooking(): Promise<void> {
    await this.page.keyboard.press('Control+Enter');
  }

  status(): Locator {
    return this.page.locator('.announcer');
  }
}

/** Find next available, filled from the keyboard. */
export class FindNextPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+f');
    await expect(this.page.getByRole('heading', { name: 'Find next available' })).toBeVisible();
    await expect(this.page.getByLabel('Visit type')).toBeFocused();
  }

  /** Chooses the visit type by typing its name, ticks "Telehealth only", searches. */
  async searchTelehealth(typeName: string): Promise<void> {
    await this.page.keyboard.type(typeName);
    await expect(this.page.getByLabel('Visit type')).toHaveValue(/.+/);
    await this.page.keyboard.press('Tab');
    await expect(this.page.getByLabel('Telehealth only')).toBeFocused();
    await this.page.keyboard.press('Space');
    await this.page.keyboard.press('Control+Enter');
  }

  results(): Locator {
    return this.page.getByRole('table', { name: 'Open slots' }).getByRole('row');
  }
}
