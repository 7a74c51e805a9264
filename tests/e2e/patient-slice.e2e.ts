import { expect } from '@playwright/test';
import { test } from '../support/harness-fixture';
import { AppShell, NewPatientPage } from './pages/app';
import { expectNoAxeViolations } from '../support/axe';

// Two cores shared by several test runs: a restart and two sign-ins can pass a minute.
test.describe.configure({ timeout: 150_000 });

const patient = { firstName: 'Rosalind', lastName: 'Okonkwo-Brandt', dateOfBirth: '07/25/1958', phone: '617.555.0199' };

test('a coordinator creates a patient and finds them by name, date of birth and phone, across a restart', async ({
  page,
  harness,
}) => {
  const app = new AppShell(page);
  const form = new NewPatientPage(page);
  await app.open(harness.url);

  await form.open();
  await form.fill(patient);
  await expect(page.getByText(/^Age \d+$/)).toBeVisible();
  await form.save();
  await expect(page.getByRole('heading', { name: 'Okonkwo-Brandt, Rosalind' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(/Saved Rosalind Okonkwo-Brandt, MRN-\d{12}/);
  await expect(page.getByText('(617) 555-0199')).toBeVisible();

  for (const query of ['rosa okon', 'okonkwo rosalind', '7/25/1958', '1958-07-25', '(617) 555-0199', '6175550199']) {
    await app.searchFor(query);
    await expect(app.patientResult(/Okonkwo-Brandt, Rosalind/)).toBeVisible();
    await app.closePalette();
  }

  // Restart the harness on the same data folder: the patient is still there.
  await harness.restart();
  await app.open(harness.url);
  await app.searchFor('okonkwo');
  await expect(app.patientResult(/Okonkwo-Brandt, Rosalind/)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Okonkwo-Brandt, Rosalind' })).toBeVisible();
  await expect(page.getByText('07/25/1958')).toBeVisible();
});

test('the form ties each error to its field and saves nothing until they are fixed', async ({ page, harness }) => {
  const app = new AppShell(page);
  const form = new NewPatientPage(page);
  await app.open(harness.url);
  await form.open();
  await form.fill({ firstName: 'Zed', lastName: '', dateOfBirth: '13/45/2001', phone: '12' });
  await form.save();
  await expect(form.error('Last name')).toHaveAccessibleDescription('Last name is required');
  await expect(form.error('Date of birth')).toHaveAccessibleDescription(/MM\/DD\/YYYY/);
  await expect(form.error('Phone')).toHaveAccessibleDescription(/valid phone number/);
  await expect(form.error('Last name')).toBeFocused();
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();

  await app.searchFor('Zed');
  await expect(page.getByText('No patient or action matches “Zed”.')).toBeVisible();
});

test('axe finds no accessibility violations on the home screen, the form and the palette', async ({
  page,
  harness,
}) => {
  const app = new AppShell(page);
  await app.open(harness.url);
  await expectNoAxeViolations(page);
  await new NewPatientPage(page).open();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+s');
  await expect(page.getByText('First name is required')).toBeVisible();
  await expectNoAxeViolations(page);
  await app.searchFor('zz');
  await expectNoAxeViolations(page);
});
