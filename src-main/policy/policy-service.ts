import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import {
  POLICY_DEFAULTS,
  POLICY_KEYS,
  policySchema,
  type EffectivePolicy,
  type Policy,
  type PolicyKey,
  type PolicySourceKind,
} from '../../src-shared/policy/schema';
import { jsonFileSource } from './json-file-source';
import { macosManagedSource } from './macos-managed-source';
import { PolicySourceError, type PolicySource } from './policy-source';
import { windowsRegistrySource } from './windows-registry-source';

export const LINUX_POLICY_FILE = '/etc/caredesk/policy.json';
export const USER_SETTINGS_FILE = 'settings.json';

/** Where this platform keeps machine policy, most authoritative first. */
export function machinePolicySources(platform: NodeJS.Platform): PolicySource[] {
  switch (platform) {
    case 'win32':
      return [windowsRegistrySource('HKLM'), windowsRegistrySource('HKCU')];
    case 'darwin':
      return [
        macosManagedSource(),
        macosManagedSource(`/Library/Managed Preferences/${userName()}/health.caredesk.desktop.plist`),
      ];
    default:
      return [jsonFileSource(LINUX_POLICY_FILE)];
  }
}

function userName(): string {
  return homedir().split(/[\\/]/).pop() ?? '';
}

export class PolicyError extends Error {
  constructor(
    readonly reason: 'locked' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}

/**
 * IT policy over user settings over defaults (ARCHITECTURE §4a). Machine policy
 * is read-only here and every key it sets is locked; user settings live in
 * `<userData>/settings.json` and can only change unlocked keys. A bad value or a
 * malformed file never stops the app: it is reported in `problems` and the next
 * layer's value is used, so the workstation keeps its safe defaults.
 */
export class PolicyService {
  private readonly userSettings: PolicySource;
  private latest: EffectivePolicy = {
    values: POLICY_DEFAULTS,
    sources: Object.fromEntries(POLICY_KEYS.map((k) => [k, 'default'])) as Record<PolicyKey, PolicySourceKind>,
    locked: [],
    problems: [],
  };

  constructor(
    private readonly machine: readonly PolicySource[],
    private readonly userSettingsPath: string,
  ) {
    this.userSettings = jsonFileSource(userSettingsPath);
  }

  static forUserData(userDataDir: string, platform: NodeJS.Platform = process.platform): PolicyService {
    return new PolicyService(machinePolicySources(platform), join(userDataDir, USER_SETTINGS_FILE));
  }

  /**
   * The policy as last loaded (defaults before the first load), for code that cannot
   * wait for a file read: the idle timer reads its minutes here, so a change made on
   * the settings screen applies at the next keystroke.
   */
  current(): EffectivePolicy {
    return this.latest;
  }

  async load(): Promise<EffectivePolicy> {
    const problems: string[] = [];
    const values: Record<string, unknown> = { ...POLICY_DEFAULTS };
    const sources = Object.fromEntries(POLICY_KEYS.map((k) => [k, 'default'])) as Record<PolicyKey, PolicySourceKind>;

    const apply = (layer: PolicySourceKind, source: PolicySource, raw: Record<string, unknown>, only?: PolicyKey[]) => {
      for (const [key, value] of Object.entries(raw)) {
        if (!Object.hasOwn(policySchema.shape, key)) {
          problems.push(`${source.name}: unknown setting "${key}" was ignored`);
          continue;
        }
        const policyKey = key as PolicyKey;
        if (only && !only.includes(policyKey)) continue;
        const parsed = policySchema.shape[policyKey].safeParse(value);
        if (!parsed.success) {
          problems.push(
            `${source.name}: "${key}" has an invalid value (${parsed.error.issues[0]?.message ?? 'invalid'}); ` +
              `kept ${JSON.stringify(values[key])}`,
          );
          continue;
        }
        values[key] = parsed.data;
        sources[policyKey] = layer;
      }
    };

    // User settings first, then machine sources from least to most authoritative, so policy wins.
    const user = await this.readSource(this.userSettings, problems);
    if (user) apply('user', this.userSettings, user);
    for (const source of [...this.machine].reverse()) {
      const raw = await this.readSource(source, problems);
      if (raw) apply('machine', source, raw);
    }
    const locked = POLICY_KEYS.filter((k) => sources[k] === 'machine');
    this.latest = { values: values as Policy, sources, locked, problems };
    return this.latest;
  }

  /** Changes one user setting; a key IT locked, or an invalid value, is refused and nothing is written. */
  async setUserSetting<K extends PolicyKey>(key: K, value: Policy[K]): Promise<EffectivePolicy> {
    const current = await this.load();
    if (current.locked.includes(key))
      throw new PolicyError('locked', `"${key}" is set by your organization's IT policy`);
    const parsed = policySchema.shape[key].safeParse(value);
    if (!parsed.success)
      throw new PolicyError(
        'invalid',
        `"${key}": ${parsed.error.issues[0]?.message ?? 'invalid value'}; nothing was changed`,
      );
    let existing: Record<string, unknown> = {};
    try {
      existing = (await this.userSettings.read()) ?? {};
    } catch {
      // A damaged settings file is replaced by a valid one holding this change.
    }
    const next = { ...existing, [key]: parsed.data };
    await mkdir(dirname(this.userSettingsPath), { recursive: true, mode: 0o700 });
    const temporary = `${this.userSettingsPath}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.userSettingsPath);
    return this.load();
  }

  private async readSource(source: PolicySource, problems: string[]): Promise<Record<string, unknown> | null> {
    try {
      return await source.read();
    } catch (error) {
      problems.push(error instanceof PolicySourceError ? error.message : `${source.name}: ${(error as Error).message}`);
      return null;
    }
  }
}
