import { expect, type Page } from '@playwright/test';

/** A call entry, filled as a coordinator does while talking: type-ahead in the lists, Tab between fields. */
export class CallEntryPage {
  constructor(readonly page: Page) {}

  heading(name: 'Incoming call' | 'Log a call' = 'Incoming call') {
    return this.page.getByRole('heading', { name });
  }

  patientChoice(name: RegExp | string) {
    return this.page.getByRole('radio', { name });
  }

  /** Picks an option of the focused list by typing its first letters. */
  async choose(label: string, typed: string, expected: string): Promise<void> {
    const list = this.page.getByLabel(label, { exact: true });
    await expect(list).toBeFocused();
    await this.page.keyboard.type(typed);
    await expect(list.locator('option:checked')).toHaveText(expected);
  }

  async logWithCtrlS(): Promise<void> {
    await this.page.keyboard.press('Control+s');
  }
}

/** The worklist grid: focus sits on the grid, the active row is the selected one. */
export class WorklistPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+w');
    await expect(this.page.getByRole('heading', { name: 'Worklist' })).toBeVisible();
    await expect(this.grid()).toBeFocused();
  }

  grid() {
    return this.page.getByRole('grid', { name: /tasks/ });
  }

  activeRow() {
    return this.grid().locator('tr[aria-selected="true"]');
  }

  rows() {
    return this.grid().locator('tbody tr:not([aria-hidden])');
  }
}

/** The call log: quick search first, then the grid. */
export class CallLogPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+c');
    await expect(this.page.getByRole('heading', { name: 'Call log' })).toBeVisible();
    await expect(this.page.getByLabel('Quick search')).toBeFocused();
  }

  grid() {
    return this.page.getByRole('grid', { name: 'Calls' });
  }

  rows() {
    return this.grid().locator('tbody tr:not([aria-hidden])');
  }
}
