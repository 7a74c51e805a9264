import { expect, type Page } from '@playwright/test';
import { addDays, displayDay, todayIn } from '../../src-shared/schedule/clinic-time';
import { DEMO_TIME_ZONE } from '../../src-main/schedule/demo-seed';
import { test } from '../support/harness-fixture';
import { AppShell } from '../e2e/pages/app';
import { ClinicSetupPage, tabBackTo, tabTo, typeDate } from '../e2e/pages/schedule';
import { expectNoAxeViolations } from '../support/axe';

// Two shared cores: a harness start, sign-in and axe runs take longer than the default minute.
test.describe.configure({ timeout: 180_000 });
// The demo clinic: 8 providers working every weekday, a 40-minute new patient visit.
test.use({ harnessSetup: { env: { CAREDESK_DEMO_SEED: 'schedule' } } });

const status = (page: Page) => page.locator('.announcer');

test('the day hours end is chosen at its field: a day before they start is refused there, a later one ends them', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  await new ClinicSetupPage(page).open();
  const lastDay = page.getByLabel('Last day of hours you end');
  const firstEnd = page.getByRole('button', { name: /^End / }).first();
  const what = (await firstEnd.getAttribute('aria-label'))!.replace(/^End /, '');

  // The date field sits below the list of hours and their End buttons.
  await tabTo(page, lastDay);
  await typeDate(page, '2020-01-06');
  await tabBackTo(page, firstEnd);
  await page.keyboard.press('Enter');
  await expect(lastDay).toHaveAttribute('aria-invalid', 'true');
  await expect(lastDay).toHaveAccessibleDescription('End them on or after the day they start');

  const end = addDays(todayIn(DEMO_TIME_ZONE), 30);
  await tabTo(page, lastDay);
  await typeDate(page, end);
  await tabBackTo(page, firstEnd);
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText(`${what} end after ${displayDay(end)}`);
  await expect(lastDay).not.toHaveAttribute('aria-invalid');
  const hours = page.getByRole('table', { name: /^Hours of / });
  await expect(hours.getByRole('cell', { name: new RegExp(` to ${displayDay(end)}$`) })).toHaveCount(1);
  await expectNoAxeViolations(page);
});

test("a visit type's minutes are edited at their field and the list shows the new length", async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  await new ClinicSetupPage(page).open();
  await tabTo(page, page.getByRole('button', { name: 'Edit New patient visit' }), 250);
  await page.keyboard.press('Enter');
  const editType = page.getByRole('form', { name: 'Edit New patient visit' });
  const minutes = editType.getByLabel('Minutes', { exact: true });
  await expect(minutes).toHaveValue('40');
  await tabTo(page, minutes);
  await page.keyboard.press('Control+a');
  await page.keyboard.type('45');
  await tabTo(page, editType.getByRole('button', { name: 'Save visit type' }));
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText('Saved visit type New patient visit');
  await expect(
    page.getByRole('table', { name: 'Visit types' }).getByRole('row', { name: /^New patient visit 45 min/ }),
  ).toHaveCount(1);
});
