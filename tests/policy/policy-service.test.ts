import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY_DEFAULTS, policySchema } from '../../src-shared/policy/schema';
import { jsonFileSource } from '../../src-main/policy/json-file-source';
import { macosManagedSource } from '../../src-main/policy/macos-managed-source';
import { PolicyService } from '../../src-main/policy/policy-service';
import { parseRegQuery, windowsRegistrySource } from '../../src-main/policy/windows-registry-source';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A workstation in a temp folder: a machine policy file (standing in for /etc/caredesk/policy.json) and a user-data folder. */
function workstation(machinePolicy?: string, userSettings?: object) {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-policy-'));
  folders.push(dir);
  const machineFile = join(dir, 'policy.json');
  const settingsFile = join(dir, 'userData', 'settings.json');
  if (machinePolicy !== undefined) writeFileSync(machineFile, machinePolicy);
  if (userSettings !== undefined) {
    mkdirSync(join(dir, 'userData'));
    writeFileSync(settingsFile, JSON.stringify(userSettings));
  }
  const service = new PolicyService([jsonFileSource(machineFile)], settingsFile);
  return { dir, machineFile, settingsFile, service };
}

describe('PolicyService: machine policy over user settings over defaults', () => {
  it('uses the defaults on a workstation with no policy and no settings', async () => {
    const policy = await workstation().service.load();
    expect(policy.values).toEqual({
      hubUrl: null,
      idleLockMinutes: 10,
      passphraseMode: false,
      updaterEnabled: true,
      ctiEndpointEnabled: false,
    });
    expect(policy.locked).toEqual([]);
    expect(policy.problems).toEqual([]);
  });

  it('lets IT policy win over the user, and locks exactly the keys IT set', async () => {
    const { service } = workstation(JSON.stringify({ idleLockMinutes: 5, hubUrl: 'https://hub.clinic.example' }), {
      idleLockMinutes: 30,
      ctiEndpointEnabled: true,
    });
    const policy = await service.load();
    expect(policy.values.idleLockMinutes).toBe(5);
    expect(policy.values.hubUrl).toBe('https://hub.clinic.example');
    expect(policy.values.ctiEndpointEnabled).toBe(true);
    expect(policy.sources).toMatchObject({
      idleLockMinutes: 'machine',
      ctiEndpointEnabled: 'user',
      updaterEnabled: 'default',
    });
    expect(policy.locked.sort()).toEqual(['hubUrl', 'idleLockMinutes']);
  });

  it('reports a malformed policy file clearly and keeps the defaults', async () => {
    const { service, machineFile } = workstation('{ "idleLockMinutes": 5, ');
    const policy = await service.load();
    expect(policy.values).toEqual(POLICY_DEFAULTS);
    expect(policy.locked).toEqual([]);
    expect(policy.problems).toHaveLength(1);
    expect(policy.problems[0]).toContain(machineFile);
    expect(policy.problems[0]).toMatch(/is not valid JSON .*; it was ignored/);
  });

  it('refuses a policy file that is not an object of settings', async () => {
    const policy = await workstation('[5]').service.load();
    expect(policy.problems[0]).toMatch(/must hold a JSON object of settings/);
    expect(policy.values).toEqual(POLICY_DEFAULTS);
  });

  it('ignores one bad value, says which and why, and keeps every good one', async () => {
    const { service } = workstation(
      JSON.stringify({ idleLockMinutes: 0, updaterEnabled: false, hubUrl: 'ftp://hub', idleLockMinuets: 3 }),
      { idleLockMinutes: 15 },
    );
    const policy = await service.load();
    expect(policy.values.idleLockMinutes).toBe(15);
    expect(policy.values.updaterEnabled).toBe(false);
    expect(policy.values.hubUrl).toBeNull();
    expect(policy.locked).toEqual(['updaterEnabled']);
    expect(policy.problems.join('\n')).toMatch(/"idleLockMinutes" has an invalid value .*kept 15/);
    expect(policy.problems.join('\n')).toMatch(/"hubUrl" has an invalid value/);
    expect(policy.problems.join('\n')).toMatch(/unknown setting "idleLockMinuets" was ignored/);
  });
});

describe('changing a user setting', () => {
  it('saves an unlocked setting for the next start', async () => {
    const { service, settingsFile } = workstation();
    const after = await service.setUserSetting('idleLockMinutes', 20);
    expect(after.values.idleLockMinutes).toBe(20);
    expect(after.sources.idleLockMinutes).toBe('user');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ idleLockMinutes: 20 });
  });

  it('refuses a key IT locked and writes nothing', async () => {
    const { service, settingsFile } = workstation(JSON.stringify({ idleLockMinutes: 5 }));
    await expect(service.setUserSetting('idleLockMinutes', 60)).rejects.toThrow(/set by your organization's IT policy/);
    expect(existsSync(settingsFile)).toBe(false);
  });

  it('refuses an invalid value and writes nothing', async () => {
    const { service, settingsFile } = workstation();
    await expect(service.setUserSetting('idleLockMinutes', 600)).rejects.toThrow(
      /idleLockMinutes.*nothing was changed/,
    );
    expect(existsSync(settingsFile)).toBe(false);
  });
});

describe('Windows Group Policy (reg query)', () => {
  const output = [
    '',
    'HKEY_LOCAL_MACHINE\\Software\\Policies\\CareDesk',
    '    hubUrl    REG_SZ    https://hub.clinic.example',
    '    idleLockMinutes    REG_DWORD    0x5',
    '    passphraseMode    REG_DWORD    0x1',
    '    updaterEnabled    REG_DWORD    0x0',
    '',
  ].join('\r\n');

  it('parses reg.exe output into typed values', () => {
    expect(parseRegQuery(output)).toEqual({
      hubUrl: 'https://hub.clinic.example',
      idleLockMinutes: 5,
      passphraseMode: 1,
      updaterEnabled: 0,
    });
  });

  it('maps DWORD 0/1 to booleans and applies the values as locked policy', async () => {
    const calls: string[][] = [];
    const source = windowsRegistrySource('HKLM', (args) => {
      calls.push(args);
      return Promise.resolve({ stdout: output, exitCode: 0 });
    });
    const dir = mkdtempSync(join(tmpdir(), 'caredesk-policy-'));
    folders.push(dir);
    const policy = await new PolicyService([source], join(dir, 'settings.json')).load();
    expect(calls).toEqual([['query', 'HKLM\\Software\\Policies\\CareDesk']]);
    expect(policy.values).toMatchObject({ idleLockMinutes: 5, passphraseMode: true, updaterEnabled: false });
    expect(policy.locked.sort()).toEqual(['hubUrl', 'idleLockMinutes', 'passphraseMode', 'updaterEnabled']);
  });

  it('treats a missing policy key (reg exits 1) as no policy', async () => {
    const source = windowsRegistrySource('HKCU', () => Promise.resolve({ stdout: '', exitCode: 1 }));
    expect(await source.read()).toBeNull();
  });
});

describe('macOS managed preferences', () => {
  it('reads the managed plist through plutil, and is absent when no profile is installed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caredesk-policy-'));
    folders.push(dir);
    const plist = join(dir, 'health.caredesk.desktop.plist');
    expect(await macosManagedSource(plist).read()).toBeNull();
    writeFileSync(plist, 'binary plist stand-in');
    const source = macosManagedSource(plist, () => Promise.resolve('{"idleLockMinutes":3,"updaterEnabled":false}'));
    expect(await source.read()).toEqual({ idleLockMinutes: 3, updaterEnabled: false });
    const broken = macosManagedSource(plist, () => Promise.reject(new Error('Property List error')));
    await expect(broken.read()).rejects.toThrow(/cannot be read as a property list/);
  });
});

describe('resources/policy.default.json', () => {
  it('is a valid policy file holding exactly the defaults, so IT can copy it and edit the keys to lock', () => {
    const file = JSON.parse(
      readFileSync(new URL('../../resources/policy.default.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(policySchema.strict().parse(file)).toEqual(POLICY_DEFAULTS);
    expect(file).toEqual(POLICY_DEFAULTS);
  });
});
