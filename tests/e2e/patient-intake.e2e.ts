import { expect } from '@playwright/test';
import { test } from '../support/harness-fixture';
import { AppShell, NewPatientPage } from './pages/app';
import { IntakePage } from './pages/intake';
import { expectNoAxeViolations } from '../support/axe';

// Two cores shared by several test runs: restarts and sign-ins are slow here.
test.describe.configure({ timeout: 180_000 });

test('a full intake with insurance and two flagged needs, without the mouse', async ({ page, harness }) => {
  const app = new AppShell(page);
  const intake = new IntakePage(page);
  await app.open(harness.url);
  await intake.open();

  await intake.fillIdentity({ firstName: 'Amara', lastName: 'Okafor', dateOfBirth: '02141979', sex: 'Female' });
  await expect(page.getByText(/^Age \d+$/)).toBeVisible();
  await intake.type('Pronouns (optional)', 'she/her');

  await intake.fillPhone('617 555 0134');
  await intake.check('Phone: texts OK');
  await intake.type('Email', 'amara.okafor@example.org');
  await intake.type('Street address', '88 Blue Hill Avenue');
  await intake.type('City', 'Boston');
  await intake.type('State', 'ma');
  await intake.type('ZIP code', '02119');
  await intake.choose('Preferred contact method', 'Text');

  await intake.section(3);
  await intake.check('Interpreter needed');

  await intake.section(4);
  await intake.type('Emergency contact name', 'Chidi Okafor');
  await intake.type('Emergency contact relationship', 'husband');
  await intake.type('Emergency contact phone', '(617) 555-0135');
  await intake.check('Emergency contact may receive health information');

  await intake.section(5);
  await expect(intake.field('Primary payer')).toBeFocused();
  await page.keyboard.type('Blue Cross Blue Shield of Massachusetts');
  await intake.type('Primary plan', 'PPO');
  await intake.type('Primary member ID', 'xyz123456789');
  await intake.type('Primary group number', '001200');
  await intake.choose("Primary subscriber's relationship to patient", 'Self');

  await intake.section(6);
  await intake.type('Reason for contacting the clinic', 'New patient, diabetes follow-up');

  await intake.section(7);
  await intake.choose('What is your living situation today?', 'Worried about losing it');
  await intake.choose(
    'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or getting things needed for daily living?',
    'Yes',
  );
  await expect(page.getByText('Flagged needs: Housing, Transportation')).toBeVisible();

  await intake.section(8);
  await expect(intake.field('Notice of privacy practices acknowledged')).toBeFocused();
  await page.keyboard.press('Space');
  await intake.check('Consent to treat given');
  await expectNoAxeViolations(page);

  await intake.save();
  await expect(page.getByRole('heading', { name: 'Okafor, Amara' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(/Saved Amara Okafor, MRN-\d{12}/);
  const chart = (name: string) => page.getByRole('region', { name });
  await expect(chart('Coverage')).toContainText('Blue Cross Blue Shield of Massachusetts PPO · member XYZ123456789');
  await expect(chart('Flagged needs')).toContainText('Housing');
  await expect(chart('Flagged needs')).toContainText('Transportation');
  await expect(chart('Contact')).toContainText('Chidi Okafor (husband)');
  await expect(chart('Consents')).toContainText(/Acknowledged \d\d\/\d\d\/\d{4}/);
  await expect(chart('Demographics')).toContainText('English (interpreter needed)');
  await expectNoAxeViolations(page);

  // Edit from the chart with the same form: Alt+E, change, Ctrl+S.
  await page.keyboard.press('Alt+e');
  await expect(page.getByRole('heading', { name: 'Edit Amara Okafor' })).toBeVisible();
  await intake.type('Preferred name', 'Ama');
  await intake.save();
  await expect(chart('Demographics')).toContainText('Ama');

  // The patient is found by the palette; axe is content there too.
  await app.searchFor('okafor am');
  await expect(app.patientResult(/Okafor, Amara/)).toBeVisible();
  await expectNoAxeViolations(page);
});

test('Ctrl+Enter saves and starts the next intake; ? lists the intake shortcuts', async ({ page, harness }) => {
  const app = new AppShell(page);
  const intake = new IntakePage(page);
  await app.open(harness.url);
  await intake.open();
  await intake.fillIdentity({ firstName: 'Tomasz', lastName: 'Wiśniewski', dateOfBirth: '1-2-1944' });
  await intake.fillPhone('617-555-0177');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('status')).toContainText('Saved Tomasz Wiśniewski');
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();
  await expect(intake.field('First name')).toBeFocused();
  await expect(intake.field('First name')).toHaveValue('');

  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
  await page.keyboard.press('Shift+?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Go to Insurance (Patient intake)');
  await expect(help).toContainText('Save and start the next intake');
  await expect(help).toContainText('Edit the patient (Patient chart)');
});

test('a draft survives the harness being killed, and leaving asks first', async ({ page, harness }) => {
  const app = new AppShell(page);
  const intake = new IntakePage(page);
  await app.open(harness.url);
  await intake.open();
  await intake.fillIdentity({ firstName: 'Wilhelmina', lastName: 'Quixotefield', dateOfBirth: '03/14/1961' });
  await intake.fillPhone('(617) 555-0147');
  await intake.draftKept();

  await harness.killAndRestart();
  await app.open(harness.url);
  await page.keyboard.press('Control+n');
  const offer = page.getByRole('alertdialog', { name: 'Restore the unsaved intake?' });
  await expect(offer).toContainText('Wilhelmina Quixotefield');
  await expect(offer.getByRole('button', { name: 'Restore it' })).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Enter');
  await expect(intake.field('First name')).toHaveValue('Wilhelmina');
  await expect(intake.field('Date of birth')).toHaveValue('03/14/1961');
  await expect(intake.field('Phone')).toHaveValue('(617) 555-0147');

  // Esc asks before leaving unsaved work; Stay is the default.
  await page.keyboard.press('Escape');
  const leave = page.getByRole('alertdialog', { name: 'Leave with unsaved changes?' });
  await expect(leave.getByRole('button', { name: /Stay/ })).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Enter');
  await expect(leave).toBeHidden();
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();
  // Leave and keep the draft: it is offered again.
  await page.keyboard.press('Escape');
  await expect(leave.getByRole('button', { name: /Stay/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(leave.getByRole('button', { name: 'Leave and keep the draft' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
  await page.keyboard.press('Control+n');
  // Tab only once the offer holds focus, or it lands on the page behind.
  await expect(offer.getByRole('button', { name: 'Restore it' })).toBeFocused();
  // Discard it: a blank form, and nothing is asked on leaving.
  await page.keyboard.press('Tab');
  await expect(offer.getByRole('button', { name: 'Discard it and start over' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(intake.field('First name')).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'Ready' })).toBeVisible();
});

test('a near-duplicate is caught before it is created', async ({ page, harness }) => {
  const app = new AppShell(page);
  const quick = new NewPatientPage(page);
  await app.open(harness.url);
  await quick.open();
  await quick.fill({ firstName: 'Robert', lastName: 'Johnson', dateOfBirth: '03/12/1970', phone: '617-555-0101' });
  await quick.save();
  await expect(page.getByRole('heading', { name: 'Johnson, Robert' })).toBeVisible();

  await quick.open();
  await quick.fill({ firstName: 'Bob', lastName: 'Johnson', dateOfBirth: '12/03/1970', phone: '857-555-0199' });
  await quick.save();
  const warning = page.getByRole('alertdialog', { name: 'This patient may already be registered' });
  await expect(warning).toContainText('Johnson, Robert');
  await expect(warning).toContainText('first name bob is a form of robert');
  await expect(warning).toContainText('day and month of birth swapped');
  await expect(warning).toContainText(/score \d+/);
  await expect(warning.getByRole('button', { name: 'Open Robert Johnson' })).toBeFocused();
  await expectNoAxeViolations(page);

  // Back to the form, then create anyway: a reason is required.
  await page.keyboard.press('Escape');
  await expect(warning).toBeHidden();
  await quick.save();
  await expect(warning.getByRole('button', { name: 'Open Robert Johnson' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByLabel('Why is this a different person?')).toHaveAccessibleDescription(/at least 5 characters/);
  await page.keyboard.type('Son of Robert, lives at another address');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Johnson, Bob' })).toBeVisible();

  // Typed once more: the existing record is opened instead.
  await quick.open();
  await quick.fill({ firstName: 'Robert', lastName: 'Johnson', dateOfBirth: '03/12/1970', phone: '617-555-0101' });
  await quick.save();
  await expect(warning.getByRole('button', { name: 'Open Robert Johnson' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Johnson, Robert' })).toBeVisible();
});
