import { expect, type Page } from '@playwright/test';
import { tabTo } from './session';

/** Clinic sync (Alt+Y): the indicator in the shell, enrollment, Sync now and the review worklist. */
export class SyncPage {
  constructor(readonly page: Page) {}

  /** The indicator's words in the app shell (a polite live region). */
  indicator() {
    return this.page.locator('#sync-state');
  }

  async open(): Promise<void> {
    await this.page.keyboard.press('Alt+y');
    await expect(this.page.getByRole('heading', { name: 'Clinic sync' })).toBeVisible();
  }

  /** An admin types IT's one-time code and a name for the workstation, then Enter. */
  async enroll(code: string, workstationName: string): Promise<void> {
    await tabTo(this.page, this.page.getByLabel('Enrollment code from IT'));
    await this.page.keyboard.type(code);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(workstationName);
    await this.page.keyboard.press('Enter');
  }

  async syncNow(): Promise<void> {
    await tabTo(this.page, this.page.getByRole('button', { name: 'Sync now' }));
    await this.page.keyboard.press('Enter');
  }

  reviewList() {
    return this.page.getByRole('grid', { name: 'Sync worklist' });
  }
}
