import { expect } from '@playwright/test';
import { test } from '../support/harness-fixture';
import { AppShell } from '../e2e/pages/app';
import { FindNextPage, ScheduleGrid } from '../e2e/pages/schedule';
import { expectNoAxeViolations } from '../support/axe';

// Two shared cores: a harness start, sign-in and axe runs take longer than the default minute.
test.describe.configure({ timeout: 150_000 });
// The demo clinic: 8 providers, everyone free every morning (visits start in the afternoon).
test.use({ harnessSetup: { env: { CAREDESK_DEMO_SEED: 'schedule' } } });

// Demo patient 0 is Amara Silva, patient 1 Jonas Reyes (see demo-seed.ts).
const PATIENT = 'amara silva';
const OTHER = 'jonas reyes';

test('books at the cursor, warns on an occupied slot, reschedules with the arrows and cancels with a reason: keyboard only', async ({
  page,
  harness,
}) => {
  const grid = await ScheduleGrid.openOnNextDay(page, harness.url);
  // The cursor starts at 9:00 on the first provider, inside their morning hours.
  await expect(grid.cursor()).toHaveAttribute('aria-label', /, 9:00 AM, available$/);

  await grid.startBooking(PATIENT);
  await grid.confirmBooking();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(grid.status()).toHaveText('Booked Follow-up at 9:00 AM, tentative until the hub confirms');
  await expect(grid.cursor()).toHaveAttribute(
    'aria-label',
    /Silva, Amara, Follow-up, 9:00 AM to 9:20 AM, Booked, tentative until the hub confirms/,
  );
  await expect(grid.grid).toBeFocused();

  // The same slot again, for someone else: the conflict, with its reason, and no way to book it.
  const dialog = await grid.startBooking(OTHER);
  await expect(dialog.getByRole('alert')).toContainText(
    /Dr\. .+ is already booked 9:00 AM–9:20 AM \(cannot be overridden\)/,
  );
  await expect(dialog.getByRole('button', { name: /^Book/ })).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(grid.grid).toBeFocused();

  // r, then the arrows: one provider to the right, half an hour later; Enter places it.
  await page.keyboard.press('r');
  await expect(grid.status()).toHaveText(/^Moving Silva, Amara/);
  await grid.moveCursor(1, 2);
  await page.keyboard.press('Enter');
  await expect(grid.status()).toHaveText(/^Moved Silva, Amara to Dr\. .+, 9:30 AM$/);
  await expect(grid.cursor()).toHaveAttribute(
    'aria-label',
    /Silva, Amara, Follow-up, 9:30 AM to 9:50 AM, Booked, tentative/,
  );
  await expect(page.locator('#cell-0-8')).toHaveAttribute('aria-label', /9:00 AM, available$/);

  // c cancels, and only with a reason.
  await page.keyboard.press('c');
  const cancel = page.getByRole('dialog', { name: /^Cancel Silva, Amara/ });
  await expect(cancel.getByLabel('Reason for cancelling')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(cancel.getByRole('alert')).toHaveText(/reason is required/);
  await page.keyboard.type('Patient asked to cancel: travelling');
  await page.keyboard.press('Enter');
  await expect(grid.status()).toHaveText("Cancelled Silva, Amara's appointment");
  await expect(grid.cursor()).toHaveAttribute('aria-label', /9:30 AM, available$/);
});

test('finds the next available telehealth follow-up and books it from the list', async ({ page, harness }) => {
  await new AppShell(page).open(harness.url);
  const find = new FindNextPage(page);
  await find.open();
  await find.searchTelehealth('Telehealth');
  await expect(find.results()).toHaveCount(11); // a header and the first 10 slots
  const first = page.getByRole('button', { name: /^Book Dr\. / }).first();
  await expect(first).toBeFocused();
  const slotName = (await first.getAttribute('aria-label'))!.replace('Book ', '');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /^Book with / });
  await expect(dialog.getByLabel('Visit type')).toHaveValue(/.+/);
  await expect(dialog.getByLabel('Visit type').locator('option:checked')).toHaveText(/^Telehealth follow-up/);
  await page.keyboard.type(PATIENT);
  await expect(dialog.getByRole('listbox', { name: 'Patients found' }).getByRole('option').first()).toContainText(
    'Silva',
  );
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel('Visit type')).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.announcer')).toHaveText(
    new RegExp(
      `^Booked with ${slotName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(', ', ' at ')}, tentative until the hub confirms$`,
    ),
  );
  // The slot is gone from the refreshed list.
  await expect(page.getByRole('button', { name: `Book ${slotName}` })).toHaveCount(0);
});

test('axe finds no violations on the grid, the booking dialog and find next available', async ({ page, harness }) => {
  await new AppShell(page).open(harness.url);
  const grid = new ScheduleGrid(page);
  await grid.open();
  await expectNoAxeViolations(page);
  await grid.nextDay();
  await grid.startBooking(PATIENT);
  await expectNoAxeViolations(page);
  await page.keyboard.press('Escape');
  const find = new FindNextPage(page);
  await find.open();
  await find.searchTelehealth('Telehealth');
  await expect(find.results()).toHaveCount(11);
  await expectNoAxeViolations(page);
});

test('the mouse works too: a click moves the cursor to the cell, a double click books there', async ({
  page,
  harness,
}) => {
  const grid = await ScheduleGrid.openOnNextDay(page, harness.url);
  // The grid listens for the mouse on behalf of every cell (decision 0533).
  await page.locator('#cell-1-12').click();
  await expect(grid.grid).toHaveAttribute('aria-activedescendant', 'cell-1-12');
  await expect(grid.cursor()).toHaveAttribute('aria-label', /, 10:00 AM, available$/);
  await expect(grid.grid).toBeFocused();
  await page.locator('#cell-2-10').dblclick();
  await expect(page.getByRole('dialog', { name: /^Book with Dr\. .+ at 9:30 AM/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(grid.grid).toHaveAttribute('aria-activedescendant', 'cell-2-10');
});
