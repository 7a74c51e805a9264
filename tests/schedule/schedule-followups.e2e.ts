import { expect, type Page } from '@playwright/test';
import { addDays, todayIn } from '../../src-shared/schedule/clinic-time';
import { DEMO_TIME_ZONE } from '../../src-main/schedule/demo-seed';
import { test } from '../support/harness-fixture';
import { AppShell } from '../e2e/pages/app';
import { ClinicSetupPage, ScheduleGrid, tabTo } from '../e2e/pages/schedule';
import { expectNoAxeViolations } from '../support/axe';

// Two shared cores: a harness start, sign-in and axe runs take longer than the default minute.
test.describe.configure({ timeout: 180_000 });
// The demo clinic: 8 providers working every day, everyone free every morning.
test.use({ harnessSetup: { env: { CAREDESK_DEMO_SEED: 'schedule' } } });

// Demo patient 0 is Amara Silva, patient 1 Jonas Reyes (see demo-seed.ts).
const PATIENT = 'amara silva';
const OTHER = 'jonas reyes';
const noViolations = async (page: Page) => await expectNoAxeViolations(page);

test('follow-up in N weeks with the same provider, the waitlist, and booking the freed slot from its offer', async ({
  page,
  harness,
}) => {
  const grid = await ScheduleGrid.openOnNextDay(page, harness.url);
  await grid.startBooking(PATIENT);
  await grid.confirmBooking();
  await expect(grid.status()).toHaveText(/^Booked Follow-up at 9:00 AM/);
  await expect(grid.grid).toBeFocused();
  await expect(grid.cursor()).toHaveAttribute('aria-label', /Silva, Amara, Follow-up, 9:00 AM/);

  // f: the same provider four weeks on; Enter proposes, Enter books the first slot.
  await page.keyboard.press('f');
  const followUp = page.getByRole('dialog', { name: /^Follow-up for Silva, Amara with Dr\. / });
  await expect(followUp.getByLabel('Follow up in (weeks)')).toBeFocused();
  await expect(followUp.getByLabel('Follow up in (weeks)')).toHaveValue('4');
  await page.keyboard.press('Enter');
  const proposed = followUp.getByRole('list', { name: 'Proposed follow-up slots' }).getByRole('button');
  await expect(proposed.first()).toBeFocused();
  await noViolations(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(grid.status()).toHaveText(
    /^Booked follow-up for Silva, Amara on .+ at \d+:\d\d [AP]M, tentative until the hub confirms$/,
  );
  await expect(grid.grid).toBeFocused();

  // The next day, Jonas Reyes with the same provider wants something earlier: l puts him on the waitlist.
  await grid.nextDay();
  await grid.startBooking(OTHER);
  await grid.confirmBooking();
  await expect(grid.status()).toHaveText(/^Booked Follow-up at 9:00 AM/);
  await expect(grid.grid).toBeFocused();
  await expect(grid.cursor()).toHaveAttribute('aria-label', /Reyes, Jonas, Follow-up, 9:00 AM/);
  await page.keyboard.press('l');
  const waitlist = page.getByRole('dialog', { name: 'Waitlist Reyes, Jonas for an earlier visit' });
  await expect(waitlist.getByLabel('Visit type')).toBeFocused();
  await expect(waitlist.getByRole('checkbox', { name: /Only with Dr\. / })).toBeChecked();
  await noViolations(page);
  await tabTo(page, waitlist.getByRole('button', { name: 'Add to waitlist' }));
  await page.keyboard.press('Enter');
  await expect(grid.status()).toHaveText('Reyes, Jonas is on the waitlist for an earlier visit');
  await expect(grid.grid).toBeFocused();

  // Back a day: Amara Silva cancels, and the freed slot is offered to Jonas Reyes.
  await page.keyboard.press('PageUp');
  await expect(grid.cursor()).toHaveAttribute('aria-label', /Silva, Amara, Follow-up, 9:00 AM/);
  await page.keyboard.press('c');
  await page.keyboard.type('Patient is travelling');
  await page.keyboard.press('Enter');
  const offers = page.getByRole('dialog', { name: 'Offer the freed slot' });
  await expect(offers.getByRole('list', { name: 'Waitlist patients to call' })).toHaveText(
    /Reyes, Jonas · \(617\) 555-\d{4}/,
  );
  await noViolations(page);

  // Enter on his Book button: the booking at the freed time, Jonas Reyes already chosen.
  const book = offers.getByRole('button', { name: /^Book Reyes, Jonas .* at 9:00 AM$/ });
  await expect(book).toBeFocused();
  await page.keyboard.press('Enter');
  const booking = page.getByRole('dialog', { name: /^Book with Dr\. .* at 9:00 AM$/ });
  await expect(booking.getByLabel('Visit type')).toBeFocused();
  await expect(booking).toContainText('Patient: Reyes, Jonas (from the waitlist)');
  await noViolations(page);
  // Esc goes back to the list (he did not answer yet); Enter again, and Ctrl+Enter books.
  await page.keyboard.press('Escape');
  await expect(book).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(booking.getByLabel('Visit type')).toBeFocused();
  await grid.confirmBooking();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(grid.status()).toHaveText(
    'Booked Reyes, Jonas from the waitlist at 9:00 AM, tentative until the hub confirms',
  );
  await expect(grid.grid).toBeFocused();
  await expect(grid.cursor()).toHaveAttribute('aria-label', /Reyes, Jonas, Follow-up, 9:00 AM/);
});

test('a supervisor enters leave; a weekly series then lists the date on leave, and books every date when none conflicts', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  const tomorrow = addDays(todayIn(DEMO_TIME_ZONE), 1);
  const setup = new ClinicSetupPage(page);
  await setup.open();
  await noViolations(page);
  await setup.addLeaveForFirstProvider(addDays(tomorrow, 7), addDays(tomorrow, 7), 'Conference');
  const listed = page.getByRole('table', { name: 'Leave, holidays and blocks ahead' });
  await expect(listed.getByRole('row', { name: /leave: Conference/ })).toHaveCount(1);

  const grid = new ScheduleGrid(page);
  await grid.open();
  await grid.nextDay();
  const dialog = await grid.startBooking(PATIENT);
  await tabTo(page, dialog.getByLabel('Repeat every'));
  await page.keyboard.press('ArrowDown'); // every week
  await expect(dialog.getByLabel('Repeat every')).toHaveValue('1');
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('Number of visits')).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('3');
  await grid.confirmBooking();
  const conflicts = dialog.getByRole('list', { name: 'Dates that conflict' }).getByRole('listitem');
  await expect(conflicts).toHaveCount(1);
  await expect(conflicts).toContainText(/9:00 AM: .*Conference/);
  await expect(dialog.getByRole('alert').last()).toHaveText('Nothing was booked: 1 of 3 dates conflict');
  await noViolations(page);

  // Every two weeks steps over the leave: all three are booked.
  await dialog.getByLabel('Repeat every').focus();
  await page.keyboard.press('ArrowDown');
  await expect(dialog.getByLabel('Repeat every')).toHaveValue('2');
  await grid.confirmBooking();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(grid.status()).toHaveText(
    'Booked a series of 3 Follow-up visits from 9:00 AM, tentative until the hub confirms',
  );
});

test('same-day visits: a lab draw, then the provider, found and booked together; tomorrow’s reminder calls', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  await page.keyboard.press('Alt+v');
  await expect(page.getByRole('heading', { name: 'Same-day visits' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Patient' })).toBeFocused();
  await page.keyboard.type(PATIENT);
  await expect(page.getByRole('option').first()).toContainText('Silva');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Date')).toBeFocused();
  await expect(page.getByLabel('First visit').locator('option:checked')).toHaveText(/^Lab/);
  await expect(page.getByLabel('Then', { exact: true }).locator('option:checked')).toHaveText(/^Follow-up/);
  await page.keyboard.press('Control+Enter');
  const chain = page.getByRole('list', { name: 'Visits back to back' }).getByRole('listitem');
  await expect(chain).toHaveCount(2);
  await expect(chain.first()).toHaveText(/^\d+:\d\d [AP]M–\d+:\d\d [AP]M: Lab.* with Dr\. /);
  await expect(chain.last()).toHaveText(/: Follow-up with Dr\. /);
  const book = page.getByRole('button', { name: 'Book these 2 visits' });
  await expect(book).toBeFocused();
  await noViolations(page);
  await page.keyboard.press('Enter');
  await expect(page.locator('.announcer')).toHaveText(
    /^Booked 2 visits for Silva, Amara on .+, tentative until the hub confirms$/,
  );

  // Tomorrow's call list has them (not yet confirmed, with the phone); confirming takes them off.
  await page.keyboard.press('Alt+r');
  const list = page.getByRole('table', { name: 'Appointments to confirm' });
  const amara = list.getByRole('row', { name: /Silva, Amara/ });
  await expect(amara).toHaveCount(2);
  await expect(amara.first()).toContainText('(617) 555-');
  await tabTo(page, list.getByRole('button', { name: 'Confirm Silva, Amara' }).first());
  await page.keyboard.press('Enter');
  await expect(page.locator('.announcer')).toHaveText('Confirmed Silva, Amara');
  await expect(amara).toHaveCount(1);
});
