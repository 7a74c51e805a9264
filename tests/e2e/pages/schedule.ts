import { expect, type Locator, type Page } from '@playwright/test';
import { AppShell } from './app';

/** The scheduling grid, driven the way a coordinator does: keys only. */
export class ScheduleGrid {
  readonly grid: Locator;
  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: /^Schedule,/ });
  }

  /** The app opened at `url` and the grid on the next day, the first the demo clinic has hours on. */
  static async openOnNextDay(page: Page, url: string): Promise<ScheduleGrid> {
    await new AppShell(page).open(url);
    const grid = new ScheduleGrid(page);
    await grid.open();
    await grid.nextDay();
    return grid;
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
    // Wait for the answer to the whole name, not to its first word.
    await expect(dialog.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first()).toContainText(
      new RegExp(patient.split(' ').at(-1)!, 'i'),
    );
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

/** Tab (forward) until `target` has focus, as a keyboard user does; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

/** Shift+Tab (backward) until `target` has focus: back up a long page to what is above. */
export async function tabBackTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Shift+Tab');
  }
  await expect(target).toBeFocused();
}

/** Types a date into a focused `<input type="date">` the way a person does (en-US: month, day, year). */
export async function typeDate(page: Page, isoDate: string): Promise<void> {
  const [y, m, d] = isoDate.split('-');
  await page.keyboard.type(`${m}${d}${y}`);
}

/** Clinic set-up, reached from the command palette. */
export class ClinicSetupPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.page.keyboard.type('Clinic set-up');
    await expect(this.page.getByRole('option', { name: /Clinic set-up/ })).toBeVisible();
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByRole('heading', { name: 'Clinic set-up' })).toBeVisible();
    await expect(this.page.getByLabel('Provider', { exact: true })).toBeFocused();
  }

  /** A whole-day exception for the first provider (the grid's first column). */
  async addLeaveForFirstProvider(fromDate: string, toDate: string, reason: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Add leave, a holiday or a block' });
    // "Who" starts at the first provider (the one after "Everyone").
    await tabTo(this.page, form.getByLabel('Who', { exact: true }));
    await expect(form.getByLabel('Who', { exact: true }).locator('option:checked')).not.toHaveText(/^Everyone/);
    await tabTo(this.page, form.getByLabel('First day', { exact: true }));
    await typeDate(this.page, fromDate);
    await tabTo(this.page, form.getByLabel('Last day', { exact: true }));
    await typeDate(this.page, toDate);
    await tabTo(this.page, form.getByLabel('Reason', { exact: true }));
    await this.page.keyboard.type(reason);
    await this.page.keyboard.press('Enter');
  }
}
