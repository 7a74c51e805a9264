import { expect, type Page } from '@playwright/test';

/** A task dialog (snooze, reassign, new task): focus starts on its first list, Ctrl+Enter saves, Esc cancels. */
export class TaskDialog {
  constructor(
    readonly page: Page,
    readonly title: string | RegExp,
  ) {}

  box() {
    return this.page.getByRole('dialog', { name: this.title });
  }

  async isOpenAt(label: string): Promise<void> {
    await expect(this.box()).toBeVisible();
    await expect(this.box().getByLabel(label, { exact: true })).toBeFocused();
  }

  /** Picks an option of the focused list by typing its first letters. */
  async choose(label: string, typed: string, expected: string): Promise<void> {
    const list = this.box().getByLabel(label, { exact: true });
    await expect(list).toBeFocused();
    await this.page.keyboard.type(typed);
    await expect(list.locator('option:checked')).toHaveText(expected);
  }

  async saveWithCtrlEnter(): Promise<void> {
    await this.page.keyboard.press('Control+Enter');
  }
}
