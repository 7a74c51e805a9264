import { expect, type Page } from '@playwright/test';

/** Merging two records of one patient, from the chart, keyboard only. */
export class MergePage {
  constructor(readonly page: Page) {}

  /** Alt+M on the chart opens the merge screen with the search for the other record focused. */
  async openFromChart(): Promise<void> {
    await this.page.keyboard.press('Alt+m');
    await expect(this.page.getByRole('heading', { name: /^Merge records of/ })).toBeVisible();
    await expect(this.page.getByRole('combobox', { name: 'The other record' })).toBeFocused();
  }

  /** Types what finds the other record (its MRN) and takes the first match with Enter. */
  async pickOther(query: string, name: RegExp): Promise<void> {
    await this.page.keyboard.type(query);
    await expect(this.page.getByRole('option', { name })).toBeVisible();
    await this.page.keyboard.press('Enter');
    await expect(this.comparison()).toBeVisible();
  }

  comparison() {
    return this.page.getByRole('table', { name: 'The two records side by side' });
  }

  /** Tab into the "Which record is kept?" radios and move to the other one with an arrow key. */
  async keepTheOtherRecord(): Promise<void> {
    await this.tabUntil(this.page.getByRole('radio', { checked: true }));
    await this.page.keyboard.press('ArrowDown');
    await expect(this.page.getByRole('radio', { name: /^Keep/ }).nth(1)).toBeChecked();
  }

  async giveReason(reason: string): Promise<void> {
    await this.tabUntil(this.page.getByLabel('Why are these the same person?'));
    await this.page.keyboard.type(reason);
  }

  /** Ctrl+Enter asks for confirmation; Enter on the focused Merge button confirms. */
  async confirm(): Promise<void> {
    await this.page.keyboard.press('Control+Enter');
    const dialog = this.page.getByRole('alertdialog', { name: 'Merge these records?' });
    await expect(dialog.getByRole('button', { name: 'Merge', exact: true })).toBeFocused();
    await this.page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
  }

  /** Tab forward until `target` has focus, as a person scanning the screen would. */
  async tabUntil(target: ReturnType<Page['getByRole']>): Promise<void> {
    for (let i = 0; i < 60; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await this.page.keyboard.press('Tab');
    }
    await expect(target).toBeFocused();
  }
}
