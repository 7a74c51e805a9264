import { expect } from '@playwright/test';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src-main/services';
import { test } from '../support/harness-fixture';
import { SEED, seededDataDir } from '../support/seeded-data-dir';
import { expectNoAxeViolations } from '../support/axe';
import { AppShell, NewPatientPage } from '../e2e/pages/app';

/** A clinic's store whose patient rows have a page of flipped bytes, past what a quick open reads. */
async function damagedClinic(): Promise<string> {
  let pageno = 0;
  const dataDir = await seededDataDir('damaged', async (app) => {
    const letters = (i: number) => [...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    for (let i = 0; i < 200; i++) {
      const r = await app.router(
        'patients.create',
        { firstName: 'Ada', lastName: `Byron-${letters(i)}`, dateOfBirth: '12/10/1985', phone: '6175550100' },
        SEED,
      );
      if (!r.ok) throw new Error(JSON.stringify(r.error));
    }
    app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    ({ pageno } = app.store.sqlite
      .prepare(`SELECT max(pageno) AS pageno FROM dbstat WHERE name = 'patients' AND pagetype = 'leaf'`)
      .get() as { pageno: number });
  });
  const fd = openSync(join(dataDir, DATABASE_FILE), 'r+');
  writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (pageno - 1) * 4096 + 300);
  closeSync(fd);
  return dataDir;
}

test.use({ harnessSetup: { dataDir: damagedClinic } });

test('a store found damaged after it opened is said on every screen, and a new patient is not saved', async ({
  page,
  harness,
}) => {
  await new AppShell(page).open(harness.url);
  const alert = page.getByRole('alert').filter({ hasText: 'The local store is damaged' });
  await expect(alert).toHaveText(/new changes are not being saved.*call IT/);
  await expectNoAxeViolations(page);

  const form = new NewPatientPage(page);
  await form.open();
  await expect(alert).toBeVisible();
  await form.fill({ firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '12/09/1906', phone: '6175550111' });
  await form.save();
  await expect(page.getByRole('heading', { name: 'New patient' })).toBeVisible();
  // The form says why it did not save, besides the alert on every screen.
  await expect(page.getByText('The local store is damaged')).toHaveCount(2);
});
