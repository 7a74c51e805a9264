import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { E2E_ADMIN } from '../support/harness';
import { test } from '../support/harness-fixture';
import { AppShell, NewPatientPage } from '../e2e/pages/app';
import { runAction } from '../e2e/pages/session';
import { expectNoAxeViolations } from '../support/axe';

// Each test starts a harness and checks a 128 MiB scrypt verifier or two: slow on a busy shared machine.
test.describe.configure({ timeout: 180_000 });

test('an admin reads, filters, verifies and exports the audit, keyboard only; the export is itself audited', async ({
  page,
  harness,
}) => {
  const app = new AppShell(page);
  await app.open(harness.url);
  const form = new NewPatientPage(page);
  await form.open();
  await form.fill({ firstName: 'Theodora', lastName: 'Lindqvist', dateOfBirth: '02/11/1949', phone: '617.555.0131' });
  await form.save();
  await expect(page.getByRole('heading', { name: 'Lindqvist, Theodora' })).toBeVisible();

  await runAction(page, 'Audit log');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeFocused();
  const rows = page.getByRole('table').getByRole('row');
  // Newest first: the palette's searches as the title was typed (and, depending on timing, this very reading of
  // the audit, which is audited too), then the chart view, the creation, the sign-in; nothing about the patient
  // but an id.
  await expect(page.getByRole('cell', { name: 'patients.search', exact: true }).first()).toBeVisible();
  await expect(rows.last()).toContainText('session.signIn');
  await expect(page.getByRole('cell', { name: 'create', exact: true })).toHaveCount(1);
  await expect(page.getByRole('cell', { name: 'view', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('table')).not.toContainText('Lindqvist');
  await expectNoAxeViolations(page);

  // Filter: Tab to Action, type-ahead "create", Tab to Patient id, Enter submits.
  const k = page.keyboard;
  for (let i = 0; i < 4; i++) await k.press('Tab');
  await expect(page.getByLabel('Action')).toBeFocused();
  await k.type('create');
  await expect(page.getByLabel('Action')).toHaveValue('create');
  await k.press('Tab');
  await k.press('Enter');
  await expect(page.getByText('Entries 1–1 of 1, newest first')).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText(E2E_ADMIN.username);

  // A bad date is named, not ignored.
  await page.getByLabel('From').focus();
  await k.type('31/31/2020');
  await k.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('“31/31/2020” is not a date; use MM/DD/YYYY');
  await k.press('Control+a');
  await k.press('Backspace');
  await k.press('Enter');

  // Verify the chain.
  await page.getByRole('button', { name: 'Verify the chain' }).focus();
  await k.press('Enter');
  await expect(page.getByText(/^The audit is intact: \d+ entries/)).toBeVisible();

  // Export: the file holds the filtered entries with their hashes.
  await page.getByRole('button', { name: 'Export CSV' }).focus();
  const [download] = await Promise.all([page.waitForEvent('download'), k.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^caredesk-audit-.*\.csv$/);
  const csv = Papa.parse<Record<string, string>>(readFileSync(await download.path(), 'utf8'), { header: true });
  expect(csv.data.map((r) => r.action)).toEqual(['create']);
  expect(csv.data[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  await expect(page.getByRole('status').first()).toBeVisible();
  // The export is on the record: filter by the export action.
  await page.getByLabel('Action').focus();
  await k.type('export');
  await expect(page.getByLabel('Action')).toHaveValue('export');
  await k.press('Tab');
  await k.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('audit.export');
  await expectNoAxeViolations(page);
});
