import { expect, type Page } from '@playwright/test';
import { test } from '../support/harness-fixture';
import { AppShell, NewPatientPage } from '../e2e/pages/app';
import { MergePage } from '../e2e/pages/merge';
import { expectNoAxeViolations } from '../support/axe';

// Two cores shared by several test runs: two registrations, a merge and an undo can pass a minute.
test.describe.configure({ timeout: 150_000 });

const mrnOnChart = async (page: Page) =>
  (await page.locator('.fact', { hasText: 'MRN' }).locator('dd').textContent())!.trim();

test('two records of one patient are merged from the chart and an admin undoes it, all from the keyboard', async ({
  page,
  harness,
}) => {
  const app = new AppShell(page);
  const quick = new NewPatientPage(page);
  const merge = new MergePage(page);
  await app.open(harness.url);

  // Registered once, then again on another day with another phone: created anyway, with a reason.
  await quick.open();
  await quick.fill({ firstName: 'Eleanor', lastName: 'Abernathy', dateOfBirth: '02/11/1949', phone: '617-555-0161' });
  await quick.save();
  await expect(page.getByRole('heading', { name: 'Abernathy, Eleanor' })).toBeVisible();
  const first = await mrnOnChart(page);

  await quick.open();
  await quick.fill({ firstName: 'Eleanor', lastName: 'Abernathy', dateOfBirth: '02/11/1949', phone: '857-555-0162' });
  await quick.save();
  const warning = page.getByRole('alertdialog', { name: 'This patient may already be registered' });
  await expect(warning.getByRole('button', { name: 'Open Eleanor Abernathy' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('Says she has never been here before');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Abernathy, Eleanor' })).toBeVisible();
  const second = await mrnOnChart(page);
  expect(second).not.toBe(first);

  // From the second record's chart: find the first, compare, keep the first.
  await merge.openFromChart();
  await merge.pickOther(first, new RegExp(first));
  await expect(merge.comparison().getByRole('row', { name: /Phones/ })).toContainText('(617) 555-0161');
  await expect(merge.comparison().getByRole('row', { name: /Phones/ })).toContainText('(857) 555-0162');
  await merge.keepTheOtherRecord();
  await merge.giveReason('Same DOB and address; found her earlier chart');
  await expectNoAxeViolations(page);
  await merge.confirm();

  // The first record's chart, with the second listed as merged into it; the second leaves search.
  await expect(page.getByRole('heading', { name: 'Abernathy, Eleanor' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Merged' })).toContainText(`Merged Eleanor Abernathy (${second}) into Eleanor Abernathy (${first})`); // prettier-ignore
  expect(await mrnOnChart(page)).toBe(first);
  const merged = page.getByRole('region', { name: 'Merged records' });
  await expect(merged).toContainText('Same DOB and address; found her earlier chart');
  await expectNoAxeViolations(page);
  // Her name finds one record now; the merged record's MRN finds the one kept, and opens it.
  await app.searchFor('abernathy');
  await expect(app.patientResult(/Abernathy, Eleanor/)).toHaveCount(1);
  await app.closePalette();
  await app.searchFor(second);
  await expect(app.patientResult(new RegExp(first))).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Abernathy, Eleanor' })).toBeFocused();
  expect(await mrnOnChart(page)).toBe(first);

  // The admin undoes it from the surviving chart.
  await merge.tabUntil(merged.getByRole('button', { name: /^Undo the merge of/ }));
  await page.keyboard.press('Enter');
  const undo = page.getByRole('alertdialog', { name: 'Undo this merge?' });
  await expect(undo.getByRole('button', { name: 'Undo merge' })).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Enter');
  await expect(merged).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Merge undone' })).toBeVisible();

  await app.searchFor(second);
  await expect(app.patientResult(new RegExp(second))).toBeVisible();
  await page.keyboard.press('Enter');
  expect(await mrnOnChart(page)).toBe(second);
  await expect(page.getByRole('button', { name: /Merge with another record/ })).toBeVisible();
});
