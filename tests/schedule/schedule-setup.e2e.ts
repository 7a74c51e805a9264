import { expect, type Page } from '@playwright/test';
import { test } from '../support/harness-fixture';
import { AppShell } from '../e2e/pages/app';
import { ClinicSetupPage, ScheduleGrid, tabBackTo, tabTo } from '../e2e/pages/schedule';
import { expectNoAxeViolations } from '../support/axe';

// Two shared cores: a harness start, sign-in and axe runs take longer than the default minute.
test.describe.configure({ timeout: 180_000 });
// The demo clinic: 8 providers working every day, everyone free every morning, one phlebotomy chair.
test.use({ harnessSetup: { env: { CAREDESK_DEMO_SEED: 'schedule' } } });

// Demo patient 0 is Amara Silva, patient 1 Jonas Reyes (see demo-seed.ts).
const PATIENT = 'amara silva';
const OTHER = 'jonas reyes';
const status = (page: Page) => page.locator('.announcer');

test('a supervisor edits a provider, adds a room and makes a visit type need it; the grid then refuses a second visit holding the room', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  const setup = new ClinicSetupPage(page);
  await setup.open();

  // A new room.
  const addRoom = page.getByRole('form', { name: 'Add a room or equipment' });
  // The last section of a long page: many Tabs, as a keyboard user would press.
  await tabTo(page, addRoom.getByLabel('Room or equipment name'), 250);
  await page.keyboard.type('Exam room 3');
  const where = addRoom.getByLabel('Location');
  await tabTo(page, where);
  await page.keyboard.type('Main Street');
  await expect(where.locator('option:checked')).toHaveText('Main Street Clinic');
  await tabTo(page, addRoom.getByRole('button', { name: 'Add room or equipment' }));
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText('Added Exam room 3');
  const rooms = page.getByRole('table', { name: 'Rooms and equipment in use' });
  await expect(rooms.getByRole('row', { name: /Exam room 3 room Main Street Clinic/ })).toHaveCount(1);

  // The new patient visit now needs it: Edit fills the form and lands on its first field.
  await tabTo(page, page.getByRole('button', { name: 'Edit New patient visit' }), 250);
  await page.keyboard.press('Enter');
  const editType = page.getByRole('form', { name: 'Edit New patient visit' });
  await expect(editType.getByLabel('Visit type name')).toBeFocused();
  await expect(editType.getByLabel('Visit type name')).toHaveValue('New patient visit');
  const needs = editType.getByLabel('Rooms and equipment it needs');
  await tabTo(page, needs);
  await page.keyboard.press('ArrowDown');
  await expect(needs.locator('option:checked')).toHaveText(['Exam room 3 (room, Main Street Clinic)']);
  await expectNoAxeViolations(page);
  await tabTo(page, editType.getByRole('button', { name: 'Save visit type' }));
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText('Saved visit type New patient visit');
  await expect(
    page.getByRole('table', { name: 'Visit types' }).getByRole('row', { name: /^New patient visit .*Exam room 3/ }),
  ).toHaveCount(1);
  await expect(page.getByRole('form', { name: 'Add a visit type' })).toBeVisible();

  // A provider's languages; a blank name is refused at the field, and nothing changes.
  await tabBackTo(page, page.getByRole('button', { name: /^Edit Dr\. / }).first());
  const providerName = (await page
    .getByRole('button', { name: /^Edit Dr\. / })
    .first()
    .getAttribute('aria-label'))!.replace(/^Edit /, '');
  await page.keyboard.press('Enter');
  const editProvider = page.getByRole('form', { name: `Edit ${providerName}` });
  const name = editProvider.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription('Enter the provider’s name');
  await expectNoAxeViolations(page);
  await page.keyboard.type(providerName);
  await tabTo(page, editProvider.getByLabel('Languages spoken (comma separated)'));
  await page.keyboard.press('Control+a');
  await page.keyboard.type('English, Haitian Creole');
  await page.keyboard.press('Enter');
  await expect(status(page)).toHaveText(`Saved ${providerName}`);
  await expect(
    page
      .getByRole('table', { name: 'Providers' })
      .getByRole('row', { name: new RegExp(`^${providerName} .*Haitian Creole`) }),
  ).toHaveCount(1);

  // A location's telehealth link: a link that is not https is refused at its field; Esc stops editing.
  await tabTo(page, page.getByRole('button', { name: 'Edit Main Street Clinic' }), 250);
  await page.keyboard.press('Enter');
  const editLocation = page.getByRole('form', { name: 'Edit Main Street Clinic' });
  await expect(editLocation.getByLabel('Location name')).toBeFocused();
  const link = editLocation.getByLabel('Telehealth link template (blank = none)');
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('http://visit.example.org/{appointment}');
  await page.keyboard.press('Enter');
  await expect(link).toHaveAttribute('aria-invalid', 'true');
  await expect(link).toHaveAccessibleDescription(/^Use an https:\/\/ address/);
  await expectNoAxeViolations(page);
  await page.keyboard.press('Escape');
  await expect(editLocation).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit Main Street Clinic' })).toBeFocused();

  // Two providers, one room: the second new patient visit at 9:00 meets the room in use.
  const grid = new ScheduleGrid(page);
  await grid.open();
  await grid.nextDay();
  const first = await grid.startBooking(PATIENT);
  await page.keyboard.type('New patient');
  await expect(first.getByLabel('Visit type').locator('option:checked')).toHaveText(/^New patient visit/);
  await grid.confirmBooking();
  await expect(status(page)).toHaveText(/^Booked New patient visit at 9:00 AM/);
  await expect(grid.grid).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const second = await grid.startBooking(OTHER);
  await page.keyboard.type('New patient');
  await expect(second.getByRole('alert')).toContainText(/Exam room 3 is in use/);
  await expectNoAxeViolations(page);
});

test('overriding a conflict needs a reason, and the missing reason is said at its field', async ({ page, harness }) => {
  const grid = await ScheduleGrid.openOnNextDay(page, harness.url);
  // Up to 7:00, before anyone's hours.
  for (let i = 0; i < 40 && !/, 7:00 AM, /.test((await grid.cursor().getAttribute('aria-label')) ?? ''); i++) {
    await page.keyboard.press('ArrowUp');
  }
  await expect(grid.cursor()).toHaveAttribute('aria-label', /, 7:00 AM, outside hours$/);
  const dialog = await grid.startBooking(PATIENT);
  await expect(dialog.getByRole('alert')).toContainText(/outside .*hours/i);
  await grid.confirmBooking();
  const reason = dialog.getByLabel('Override reason (supervisors)');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(reason).toHaveAccessibleDescription(/^Say why the conflict is overridden/);
  await expectNoAxeViolations(page);
  await tabTo(page, reason);
  await page.keyboard.type('Patient can only come before work');
  await grid.confirmBooking();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(status(page)).toHaveText(/^Booked Follow-up at 7:00 AM/);
});
