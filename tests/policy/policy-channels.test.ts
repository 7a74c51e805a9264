import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonFileSource } from '../../src-main/policy/json-file-source';
import { PolicyService } from '../../src-main/policy/policy-service';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

/** A workstation whose machine policy (standing in for /etc/caredesk/policy.json) locks the idle lock at 5 minutes. */
function workstation(signedInAs: 'admin' | 'coordinator'): TestCareDesk & { settingsFile: string } {
  const itDir = mkdtempSync(join(tmpdir(), 'caredesk-it-'));
  writeFileSync(join(itDir, 'policy.json'), JSON.stringify({ idleLockMinutes: 5 }));
  const settingsDir = mkdtempSync(join(tmpdir(), 'caredesk-settings-'));
  const settingsFile = join(settingsDir, 'settings.json');
  const app = freshCareDesk({
    signedInAs,
    policy: new PolicyService([jsonFileSource(join(itDir, 'policy.json'))], settingsFile),
  });
  disposers.push(() => {
    app.dispose();
    rmSync(itDir, { recursive: true, force: true });
    rmSync(settingsDir, { recursive: true, force: true });
  });
  return Object.assign(app, { settingsFile });
}

const lastAudit = (app: TestCareDesk) =>
  app.store.sqlite.prepare('SELECT action, channel, username FROM audit_events ORDER BY seq DESC LIMIT 1').get();

describe('the settings screen channels', () => {
  it('show every setting in force, where it came from, and which keys IT locked', async () => {
    const app = workstation('coordinator');
    const result = await app.router('policy.current', {}, fromWindow);
    expect(result).toMatchObject({
      ok: true,
      value: {
        values: { idleLockMinutes: 5, updaterEnabled: true },
        sources: { idleLockMinutes: 'machine', updaterEnabled: 'default' },
        locked: ['idleLockMinutes'],
        problems: [],
      },
    });
  });

  it('let an admin change an unlocked setting', async () => {
    const app = workstation('admin');
    const result = await app.router('policy.set', { key: 'ctiEndpointEnabled', value: true }, fromWindow);
    expect(result).toMatchObject({ ok: true, value: { values: { ctiEndpointEnabled: true } } });
    expect(JSON.parse(readFileSync(app.settingsFile, 'utf8'))).toEqual({ ctiEndpointEnabled: true });
    expect(lastAudit(app)).toEqual({ action: 'update', channel: 'policy.set', username: 'test.admin' });
  });

  it('refuse a locked setting, even to an admin, and write nothing', async () => {
    const app = workstation('admin');
    const result = await app.router('policy.set', { key: 'idleLockMinutes', value: 60 }, fromWindow);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', fields: { idleLockMinutes: expect.stringMatching(/IT policy/) as unknown } },
    });
    expect(existsSync(app.settingsFile)).toBe(false);
    expect(lastAudit(app)).toBeUndefined();
  });

  it('refuse an invalid value with a message tied to the field', async () => {
    const app = workstation('admin');
    const result = await app.router('policy.set', { key: 'hubUrl', value: 'not a url' }, fromWindow);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { hubUrl: expect.any(String) as unknown } },
    });
    expect(existsSync(app.settingsFile)).toBe(false);
  });

  it('refuse changes from a coordinator', async () => {
    const app = workstation('coordinator');
    const result = await app.router('policy.set', { key: 'ctiEndpointEnabled', value: true }, fromWindow);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(existsSync(app.settingsFile)).toBe(false);
  });

  it('put a new idle lock in force for the session at once', async () => {
    const settingsDir = mkdtempSync(join(tmpdir(), 'caredesk-settings-'));
    const app = freshCareDesk({
      signedInAs: 'admin',
      policy: new PolicyService([], join(settingsDir, 'settings.json')),
    });
    disposers.push(() => {
      app.dispose();
      rmSync(settingsDir, { recursive: true, force: true });
    });
    expect(app.session.state().idleLockMinutes).toBe(10);
    expect(await app.router('policy.set', { key: 'idleLockMinutes', value: 3 }, fromWindow)).toMatchObject({
      ok: true,
    });
    expect(app.session.state().idleLockMinutes).toBe(3);
  });
});
