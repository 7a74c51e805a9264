import { expect } from '@playwright/test';
import { addDays, todayIn } from '../../src-shared/schedule/clinic-time';
import { DEMO_TIME_ZONE, seedDemoClinic } from '../../src-main/schedule/demo-seed';
import { test } from '../support/harness-fixture';
import { SEED, seededDataDir } from '../support/seeded-data-dir';
import { AppShell } from '../e2e/pages/app';
import { expectNoAxeViolations } from '../support/axe';

// Two shared cores: a harness start, sign-in and axe runs take longer than the default minute.
test.describe.configure({ timeout: 150_000 });

/**
 * The demo clinic with three patients waiting for an earlier follow-up, in this order:
 * Amara Silva (with her provider), Jonas Reyes and Priya Haddad (any provider).
 */
async function clinicWithAWaitlist(): Promise<string> {
  return seededDataDir('waitlist', async (app) => {
    const clinic = seedDemoClinic(app.store, {
      providers: 4,
      perProviderPerDay: 0,
      createPatient: (p) => app.patients.create(p, { userId: 'system:demo-seed' }).id,
    })!;
    app.schedule.setupChanged();
    const today = todayIn(DEMO_TIME_ZONE);
    for (const [patient, providerIds, notes] of [
      [0, [clinic.providerIds[0]!], 'Mornings only'],
      [1, [], ''],
      [2, [], 'Call after 3 PM'],
    ] as const) {
      const added = await app.router(
        'schedule.waitlistAdd',
        {
          patientId: clinic.patientIds[patient]!,
          typeId: clinic.types.followUp.id,
          providerIds,
          earliestDate: today,
          latestDate: addDays(today, 21),
          notes,
        },
        SEED,
      );
      if (!added.ok) throw new Error(JSON.stringify(added.error));
    }
  });
}

test.use({ harnessSetup: { dataDir: clinicWithAWaitlist } });

test('the waitlist from the palette: remove an entry with a reason, open a patient, book a slot that fits, keyboard only', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);

  // Ctrl+K finds the screen.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Waitlist: patients');
  await expect(page.getByRole('option', { name: /^Waitlist: patients who want an earlier visit/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Waitlist' })).toBeVisible();
  const list = page.getByRole('grid', { name: 'Patients waiting for an earlier visit' });
  await expect(list).toBeFocused();
  const rows = list.locator('tbody tr:not([aria-hidden])');
  const active = list.locator('tr[aria-selected="true"]');
  await expect(rows).toHaveCount(3);
  // In the order they joined, which is the order a freed slot offers them.
  await expect(rows.nth(0)).toContainText('Silva, Amara');
  await expect(rows.nth(0)).toContainText(/Follow-up.*Dr\. .+Mornings only/);
  await expect(rows.nth(0)).toContainText(/by e2e\.admin/);
  await expect(rows.nth(1)).toContainText(/Reyes, Jonas.*Any provider/);
  await expect(active).toContainText('Silva, Amara');
  await expectNoAxeViolations(page);

  // Down to Jonas Reyes; r asks why, and will not remove without a reason.
  await page.keyboard.press('ArrowDown');
  await expect(active).toContainText('Reyes, Jonas');
  await page.keyboard.press('r');
  const remove = page.getByRole('dialog', { name: 'Remove Reyes, Jonas from the waitlist' });
  await expect(remove.getByLabel('Reason for removing')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(remove.getByRole('alert')).toHaveText(/reason is required/);
  await expectNoAxeViolations(page);
  await page.keyboard.type('Booked with another clinic');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'off the waitlist' })).toHaveText(
    'Reyes, Jonas is off the waitlist',
  );
  await expect(rows).toHaveCount(2);
  await expect(list).not.toContainText('Reyes, Jonas');
  await expect(list).toBeFocused();

  // Esc from the dialog keeps the entry.
  await page.keyboard.press('Delete');
  await expect(page.getByRole('dialog', { name: /^Remove .+ from the waitlist$/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await expect(list).toBeFocused();

  // Enter opens the patient's chart.
  await page.keyboard.press('Home');
  await expect(active).toContainText('Silva, Amara');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Silva, Amara' })).toBeVisible();

  // Alt+L comes back to the list; the removal stuck.
  await page.keyboard.press('Alt+l');
  await expect(list).toBeFocused();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(/Haddad, Priya.*Call after 3 PM/);

  // s finds open slots that fit Amara's entry (her provider, a follow-up, her window); Enter books one for her.
  await expect(active).toContainText('Silva, Amara');
  await page.keyboard.press('s');
  const slots = page.getByRole('dialog', { name: 'Earlier visits for Silva, Amara' });
  const first = slots.getByRole('list', { name: 'Open slots that fit' }).getByRole('button').first();
  await expect(first).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Enter');
  const booking = page.getByRole('dialog', { name: /^Book with Dr\. / });
  await expect(booking).toContainText('Patient: Silva, Amara (from the waitlist)');
  await expect(booking.getByLabel('Visit type')).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'from the waitlist' })).toHaveText(
    /^Booked Silva, Amara from the waitlist on .+ at \d+:\d\d [AP]M, tentative until the hub confirms$/,
  );
  // Her entry is fulfilled: only Priya Haddad still waits.
  await expect(rows).toHaveCount(1);
  await expect(active).toContainText('Haddad, Priya');
  await expect(list).toBeFocused();
});
