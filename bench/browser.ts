import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { E2E_ADMIN } from '../tests/support/harness';

/**
 * What every browser benchmark does before it measures: Debian's Chromium with the
 * end-to-end tests' flags, and signing in to a harness the way a person does (the
 * harness's bootstrap admin, the e2e tests' account).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Opens the harness and signs in from the keyboard; resolves on the Home screen. */
export async function signIn(page: Page, url: string, user: { username: string; password: string } = E2E_ADMIN) {
  await page.goto(url);
  await page.getByLabel('Username').waitFor();
  await page.getByLabel('Username').focus();
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Ready' }).waitFor();
}
