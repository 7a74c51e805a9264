import { expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '../support/harness-fixture';
import { AppShell } from '../e2e/pages/app';
import { runAction, tabTo } from '../e2e/pages/session';
import { expectNoAxeViolations } from '../support/axe';

// The last step waits for a one-minute idle lock.
test.describe.configure({ timeout: 240_000 });

test.use({
  harnessSetup: async ({}, use) => {
    // IT's machine policy (standing in for /etc/caredesk/policy.json): updates are locked off.
    const itDir = mkdtempSync(join(tmpdir(), 'caredesk-it-policy-'));
    writeFileSync(join(itDir, 'policy.json'), JSON.stringify({ updaterEnabled: false }));
    await use({ env: { CAREDESK_MACHINE_POLICY_FILE: join(itDir, 'policy.json') } });
    rmSync(itDir, { recursive: true, force: true });
  },
});

test('settings: every key with its source, IT-locked keys read-only, bad input refused, a good one applied at once', async ({
  page,
  harness,
}) => {
  const k = page.keyboard;
  await new AppShell(page).open(harness.url);
  await runAction(page, 'Settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeFocused();

  // Every key, with the value in force and where it comes from.
  const form = (name: string) => page.getByRole('form', { name });
  await expect(form('Clinic sync hub address')).toContainText('In force: none (work offline), the default.');
  await expect(form('Lock after this many idle minutes')).toContainText('In force: 10, the default.');
  await expect(form('Passphrase mode')).toContainText('In force: off, the default.');
  await expect(form('Call events from the phone system (CTI)')).toContainText('In force: off, the default.');
  const updates = page.getByRole('checkbox', { name: 'Automatic updates' });
  await expect(form('Automatic updates')).toContainText('In force: off, set by your organization’s IT policy.');
  await expect(updates).toBeDisabled();
  await expect(updates).toHaveAccessibleDescription(/Locked: your organization’s IT policy sets this/);
  await expectNoAxeViolations(page);

  // Bad input: the schema's message at the field, nothing saved.
  const idle = page.getByRole('textbox', { name: 'Lock after this many idle minutes' });
  await tabTo(page, idle);
  await k.press('Control+a');
  await k.type('0');
  await k.press('Enter');
  await expect(idle).toHaveAccessibleDescription(/Use 1 to 120 minutes; nothing was saved\./);
  await expect(idle).toBeFocused();
  await k.press('Control+a');
  await k.type('ten');
  await k.press('Enter');
  await expect(idle).toHaveAccessibleDescription(/Enter a whole number of minutes; nothing was saved\./);
  const hub = page.getByRole('textbox', { name: 'Clinic sync hub address' });
  await hub.focus();
  await k.type('ftp://hub.clinic.example');
  await k.press('Enter');
  await expect(hub).toHaveAccessibleDescription(/Enter an address that starts with https:\/\//);
  await expectNoAxeViolations(page);
  expect(existsSync(join(harness.dataDir, 'settings.json'))).toBe(false);
  await k.press('Control+a');
  await k.press('Backspace');

  // A good value is saved as a user setting and shown as such.
  await idle.focus();
  await k.press('Control+a');
  await k.type('1');
  await k.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Saved: Lock after this many idle minutes is 1');
  await expect(form('Lock after this many idle minutes')).toContainText('In force: 1, changed on this workstation.');
  expect(JSON.parse(readFileSync(join(harness.dataDir, 'settings.json'), 'utf8'))).toEqual({ idleLockMinutes: 1 });

  // And it applies without a restart: a minute without input locks the session.
  await expect(page.getByRole('heading', { name: 'CareDesk is locked' })).toBeVisible({ timeout: 120_000 });
});
