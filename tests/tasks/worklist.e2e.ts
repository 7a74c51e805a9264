import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test } from '../support/harness-fixture';
import { SEED, seededDataDir } from '../support/seeded-data-dir';
import { AppShell } from '../e2e/pages/app';
import { WorklistPage } from '../e2e/pages/calls';
import { TaskDialog } from '../e2e/pages/tasks';

/** Ana Diaz with a callback on the admin's own worklist, and Rosa, a colleague who can take it. */
async function clinicWithACallback(): Promise<string> {
  return seededDataDir('tasks', async (app, me) => {
    await app.accounts.create(
      { username: 'rosa.m', displayName: 'Rosa Martinez', role: 'coordinator', password: 'rosa long passphrase 1' },
      null,
    );
    const ana = await app.router(
      'patients.create',
      { firstName: 'Ana', lastName: 'Diaz', dateOfBirth: '03/14/1984', phone: '(617) 555-0147' },
      SEED,
    );
    if (!ana.ok) throw new Error(JSON.stringify(ana.error));
    const task = await app.router(
      'tasks.create',
      {
        kind: 'callback',
        title: 'Call back Ana Diaz',
        patientId: (ana.value as { id: string }).id,
        assignee: { kind: 'person', userId: me.userId, name: me.displayName },
        dueAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      },
      SEED,
    );
    if (!task.ok) throw new Error(JSON.stringify(task.error));
  });
}

test.use({ harnessSetup: { dataDir: clinicWithACallback } });

async function openWorklist(page: Page, url: string): Promise<WorklistPage> {
  await new AppShell(page).open(url);
  const worklist = new WorklistPage(page);
  await worklist.open();
  await expect(worklist.activeRow()).toContainText('Call back Ana Diaz');
  await expect(worklist.activeRow()).toContainText('Overdue');
  return worklist;
}

const axeOn = (page: Page, dialog: string) => new AxeBuilder({ page }).include(dialog).analyze();

test('s snoozes the overdue callback to tomorrow morning; the history says who moved it', async ({ page, harness }) => {
  const worklist = await openWorklist(page, harness.url);

  await page.keyboard.press('s');
  const snooze = new TaskDialog(page, 'Snooze: Call back Ana Diaz');
  await snooze.isOpenAt('Snooze until');
  expect((await axeOn(page, '[role="dialog"]')).violations).toEqual([]);
  await snooze.choose('Snooze until', 'T', 'Tomorrow 9:00 AM');
  await snooze.saveWithCtrlEnter();

  await expect(snooze.box()).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Snoozed until Tomorrow 9:00 AM: Call back Ana Diaz');
  await expect(worklist.grid()).toBeFocused();
  await expect(worklist.activeRow()).toContainText('Tomorrow 9:00 AM');
  await expect(worklist.activeRow()).not.toContainText('Overdue');
  await expect(page.getByText('1 open task')).toBeVisible();

  // Esc leaves a dialog without changing anything, and focus goes back to the list.
  await page.keyboard.press('s');
  await snooze.isOpenAt('Snooze until');
  await page.keyboard.press('Escape');
  await expect(snooze.box()).toBeHidden();
  await expect(worklist.grid()).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Call back Ana Diaz' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /^Snoozed by e2e\.admin/ })).toContainText(
    /Due .* → .* 9:00 AM/,
  );
});

test('a reassigns the callback to a colleague by name; it leaves my list and shows on the team’s', async ({
  page,
  harness,
}) => {
  const worklist = await openWorklist(page, harness.url);

  await page.keyboard.press('a');
  const reassign = new TaskDialog(page, 'Reassign: Call back Ana Diaz');
  await reassign.isOpenAt('Assign to');
  // Saving with the task's own assignee changes nothing and says so, in the dialog.
  await reassign.saveWithCtrlEnter();
  await expect(reassign.box().getByRole('alert')).toHaveText(
    'Choose someone else or a pool, or press Esc to keep it as it is',
  );
  expect((await axeOn(page, '[role="dialog"]')).violations).toEqual([]);
  await reassign.choose('Assign to', 'Rosa', 'Rosa Martinez, coordinator');
  await page.keyboard.press('Tab');
  await expect(reassign.box().getByRole('button', { name: 'Reassign' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(reassign.box()).toBeHidden();
  await expect(page.getByRole('status')).toHaveText('Reassigned to Rosa Martinez: Call back Ana Diaz');
  await expect(page.getByText('0 open tasks')).toBeVisible();
  await expect(worklist.grid()).toBeFocused();
  await page.keyboard.press('t');
  await expect(page.getByRole('grid', { name: "The team's tasks" })).toBeFocused();
  await expect(worklist.activeRow()).toContainText('Rosa Martinez');
});

test('n adds a task for a patient found by name, assigned to a pool', async ({ page, harness }) => {
  const worklist = await openWorklist(page, harness.url);

  await page.keyboard.press('n');
  const dialog = new TaskDialog(page, 'New task');
  await dialog.isOpenAt('Kind');
  await dialog.choose('Kind', 'Pre', 'Pre-visit check');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Confirm the MRI prep instructions');
  await page.keyboard.press('Tab');
  await expect(dialog.box().getByRole('combobox', { name: 'Patient (optional)' })).toBeFocused();
  await page.keyboard.type('Diaz');
  await expect(dialog.box().getByRole('option', { name: /Diaz, Ana/ })).toHaveAttribute('aria-selected', 'true');
  expect((await axeOn(page, '[role="dialog"]')).violations).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(dialog.box()).toContainText('Patient (optional): Diaz, Ana');
  await expect(dialog.box().getByRole('button', { name: /Change patient/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await dialog.choose('Assign to', 'N', 'Nurses (pool)');
  await dialog.saveWithCtrlEnter();

  await expect(dialog.box()).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Task added for the nurses pool, due ');
  // Nurses' work is on the team's list, with the patient's name.
  await page.keyboard.press('t');
  await expect(worklist.rows().filter({ hasText: 'Confirm the MRI prep instructions' })).toContainText('Diaz, Ana');
  await expect(worklist.rows().filter({ hasText: 'Confirm the MRI prep instructions' })).toContainText('Nurses (pool)');
});
