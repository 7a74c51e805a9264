import { expect } from '@playwright/test';
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASE_FILE, startCareDesk } from '../../src-main/services';
import { loadHarnessKey } from '../../src-main/harness/key-file';
import { E2E_ADMIN } from '../support/harness';
import { test } from '../support/harness-fixture';
import { expectNoAxeViolations } from '../support/axe';
import { AppShell, NewPatientPage } from '../e2e/pages/app';

const seed = { origin: 'app://seed', mainFrame: true };

/** A clinic's store whose patient rows have a page of flipped bytes, past what a quick open reads. */
async function damagedClinic(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-e2e-damaged-'));
  const app = startCareDesk({
    dataDir,
    key: loadHarnessKey(dataDir),
    trustedOrigins: [seed.origin],
    bootstrapAdmin: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
  });
  await app.router('session.state', {}, seed);
  app.session.openFor(E2E_ADMIN.username);
  const letters = (i: number) => [...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
  for (let i = 0; i < 200; i++) {
    const r = await app.router(
      'patients.create',
      { firstName: 'Ada', lastName: `Byron-${letters(i)}`, dateOfBirth: '12/10/1985', phone: '6175550100' },
      seed,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  }
  app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const { pageno } = app.store.sqlite
    .prepare(`SELECT max(pageno) AS pageno FROM dbstat WHERE name = 'patients' AND pagetype = 'leaf'`)
    .get() as { pageno: number };
  app.close();
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
