import { expect, type Page } from '@playwright/test';
import { drPatelsFollowUps, patelVisit } from '../support/schedule-rows';
import { test } from '../support/harness-fixture';
import { SEED, seededDataDir } from '../support/seeded-data-dir';
import { expectNoAxeViolations } from '../support/axe';
import { AppShell } from '../e2e/pages/app';

const DAY = 86_400_000;
const at = (days: number, hour = 14) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/**
 * Ana Diaz's history as the clinic wrote it: six calls over the last weeks, an open
 * callback and a done one, a visit next week, one last month and one cancelled.
 */
async function anaWithAHistory(): Promise<string> {
  return seededDataDir('chart', async (app, me) => {
    const ok = async (channel: string, input: unknown) => {
      const r = await app.router(channel, input, SEED);
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.value as { id: string };
    };
    const ana = await ok('patients.create', {
      firstName: 'Ana',
      lastName: 'Diaz',
      dateOfBirth: '03/14/1984',
      phone: '(617) 555-0147',
    });
    const reasons = [
      'billing',
      'scheduling',
      'transportation',
      'records_request',
      'insurance_benefits',
      'referral_status',
    ];
    for (const [i, reason] of reasons.entries()) {
      await ok('calls.log', {
        direction: i === 5 ? 'outbound' : 'inbound',
        phone: '(617) 555-0147',
        patientId: ana.id,
        callerKind: 'patient',
        reason,
        outcome: 'resolved',
        // The first is the oldest: six, five, … one days ago.
        startedAt: at(-(6 - i)),
        endedAt: at(-(6 - i)),
      });
    }
    const task = (title: string, days: number) =>
      ok('tasks.create', {
        kind: 'callback',
        title,
        patientId: ana.id,
        assignee: { kind: 'person', userId: me.userId, name: me.displayName },
        dueAt: at(days),
      });
    await task('Call Ana back about her ride', 1);
    const done = await task('Send Ana her records', -2);
    await ok('tasks.complete', { id: done.id });

    drPatelsFollowUps(app.store);
    patelVisit(app.store, { id: 'next-week', patientId: ana.id, startsAt: at(7, 15) });
    patelVisit(app.store, { id: 'last-month', patientId: ana.id, startsAt: at(-30), status: 'completed' });
    patelVisit(app.store, { id: 'called-off', patientId: ana.id, startsAt: at(3), status: 'cancelled' });
  });
}

test.use({ harnessSetup: { dataDir: anaWithAHistory } });

async function openAnasChart(page: Page, url: string) {
  const app = new AppShell(page);
  await app.open(url);
  await app.searchFor('diaz ana');
  await expect(app.patientResult(/Diaz, Ana/)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /Ana Diaz|Diaz, Ana/ })).toBeFocused();
}

const panel = (page: Page, name: string) => page.getByRole('region', { name });

test('the chart shows the patient’s next visits, latest calls and open tasks, each reachable by Tab', async ({
  page,
  harness,
}) => {
  await openAnasChart(page, harness.url);

  const visits = panel(page, 'Upcoming appointments');
  await expect(visits.getByRole('listitem')).toHaveCount(1);
  await expect(visits).toContainText('Follow-up with Dr. Patel, booked');

  const calls = panel(page, 'Recent calls');
  // The five newest, newest first; the oldest (billing) is left to the call log.
  await expect(calls.getByRole('button')).toHaveText([
    /Outbound · Referral status/,
    /Inbound · Insurance and benefits/,
    /Inbound · Records request/,
    /Inbound · Transportation/,
    /Inbound · Scheduling/,
  ]);
  await expect(calls).toContainText('1 earlier call in the call log.');

  const tasks = panel(page, 'Open tasks');
  await expect(tasks.getByRole('button')).toHaveText(['Call Ana back about her ride']);
  await expect(tasks).not.toContainText('Send Ana her records');
  await expectNoAxeViolations(page);

  // From the chart's heading, Tab reaches the newest call; Enter opens it.
  const newest = calls.getByRole('button', { name: /Outbound · Referral status/ });
  for (let i = 0; i < 40 && !(await newest.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(newest).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Outbound call/ })).toBeFocused();

  await openAnasChartAgain(page);
  const callback = panel(page, 'Open tasks').getByRole('button', { name: 'Call Ana back about her ride' });
  for (let i = 0; i < 60 && !(await callback.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(callback).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Call Ana back about her ride' })).toBeFocused();
});

async function openAnasChartAgain(page: Page) {
  const app = new AppShell(page);
  await app.searchFor('diaz ana');
  await expect(app.patientResult(/Diaz, Ana/)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /Ana Diaz|Diaz, Ana/ })).toBeFocused();
}
