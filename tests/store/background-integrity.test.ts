import { afterEach, describe, expect, it } from 'vitest';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, startCareDesk, type CareDesk } from '../../src-main/services';
import type { StoreHealth } from '../../src-shared/store/contract';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';
import { addUser, freshCareDesk, fromWindow, TEST_ORIGIN, type TestCareDesk } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

const PAGE = 4096;

/** A clinic's store on disk, closed, with enough patients that the patients table spans many pages. */
function closedClinic(): { app: TestCareDesk; lastPatientsLeaf: number } {
  const app = freshCareDesk();
  disposers.push(() => rmSync(app.dataDir, { recursive: true, force: true }));
  const letters = (i: number) => [...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
  for (let i = 0; i < 200; i++) {
    app.patients.create(
      { firstName: 'Ada', lastName: `Byron-Lovelace-${letters(i)}`, dateOfBirth: '1985-12-10', phone: '+16175550100' },
      { userId: 'u1' },
    );
  }
  app.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  const { pageno } = app.store.sqlite
    .prepare(`SELECT max(pageno) AS pageno FROM dbstat WHERE name = 'patients' AND pagetype = 'leaf'`)
    .get() as { pageno: number };
  app.close();
  return { app, lastPatientsLeaf: pageno };
}

/** Reopens the folder as the app does at start-up, collecting what it pushes to the window. */
function reopen(app: TestCareDesk): { again: CareDesk; pushed: StoreHealth[] } {
  const again = startCareDesk({
    dataDir: app.dataDir,
    key: app.key,
    trustedOrigins: [TEST_ORIGIN],
    scryptCost: MINIMUM_SCRYPT_COST,
    bootstrapAdmin: '',
  });
  disposers.unshift(() => again.close());
  const pushed: StoreHealth[] = [];
  again.events.on((name, payload) => name === 'store.health' && pushed.push(payload as StoreHealth));
  again.session.openFor(addUser(again, 'coordinator', 'maria').username);
  return { again, pushed };
}

describe('the store’s integrity, checked in the background after a quick open', () => {
  it('finds a damaged page the quick open did not read: says so, and saves no more changes', async () => {
    const { app, lastPatientsLeaf } = closedClinic();
    // Flip bytes inside one page of patient rows, as a failing disk would.
    const fd = openSync(join(app.dataDir, DATABASE_FILE), 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (lastPatientsLeaf - 1) * PAGE + 300);
    closeSync(fd);

    const { again, pushed } = reopen(app);
    expect((await again.router('store.health', {}, fromWindow)).ok).toBe(true);
    const health = await again.health.checked;
    expect(health.state).toBe('damaged');
    expect(health.message).toMatch(/damaged.*call IT/);
    expect(pushed).toEqual([health]);
    expect(await again.router('store.health', {}, fromWindow)).toEqual({ ok: true, value: health });

    const refused = await again.router(
      'patients.create',
      { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '12/09/1906', phone: '6175550111' },
      fromWindow,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORE_DAMAGED', message: health.message } });
    // Looking is still possible, and still on the record.
    const found = await again.router('patients.search', { query: 'Ada Byron', limit: 5 }, fromWindow);
    expect(found.ok).toBe(true);
    const last = again.store.sqlite.prepare('SELECT action, channel FROM audit_events ORDER BY seq DESC LIMIT 1').get();
    expect(last).toEqual({ action: 'search', channel: 'patients.search' });
  });

  it('reports a whole store as checked and keeps taking changes', async () => {
    const { app } = closedClinic();
    const { again, pushed } = reopen(app);
    expect(await again.health.checked).toEqual({ state: 'ok', message: null });
    expect(pushed).toEqual([{ state: 'ok', message: null }]);
    const created = await again.router(
      'patients.create',
      { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '12/09/1906', phone: '6175550111' },
      fromWindow,
    );
    expect(created.ok).toBe(true);
  });

  it('closed before the check answers: says the store was still being checked, and reports nothing after', async () => {
    const { app } = closedClinic();
    const { again, pushed } = reopen(app);
    again.close();
    disposers.shift();
    // Before, this waited for ever: the stopped check's answer was dropped, and with it the promise.
    expect(await again.health.checked).toEqual({ state: 'checking', message: null });
    expect(pushed).toEqual([]);
  });

  it('still refuses at once a store whose first page is damaged', () => {
    const { app } = closedClinic();
    const fd = openSync(join(app.dataDir, DATABASE_FILE), 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, 200);
    closeSync(fd);
    expect(() => reopen(app)).toThrow(expect.objectContaining({ code: 'STORE_DAMAGED' }));
  });
});
