import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { PolicySourceError, type PolicySource } from './policy-source';

/** The bundle id that managed preferences (MDM configuration profiles) are keyed by; electron-builder's appId. */
export const MAC_PREFERENCES_DOMAIN = 'health.caredesk.desktop';
export const MAC_MANAGED_PREFERENCES = `/Library/Managed Preferences/${MAC_PREFERENCES_DOMAIN}.plist`;

export type PlistToJson = (path: string) => Promise<string>;

/** macOS's own converter: managed preference plists are usually binary, which plutil reads. */
export const plutilToJson: PlistToJson = async (path) =>
  (await promisify(execFile)('/usr/bin/plutil', ['-convert', 'json', '-o', '-', path], { timeout: 10_000 })).stdout;

/** Managed preferences pushed by MDM; plist types (bool, integer, string) map straight onto the schema. */
export function macosManagedSource(path = MAC_MANAGED_PREFERENCES, toJson: PlistToJson = plutilToJson): PolicySource {
  return {
    name: path,
    async read() {
      if (!existsSync(path)) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(await toJson(path));
      } catch (error) {
        throw new PolicySourceError(`${path} cannot be read as a property list (${(error as Error).message})`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new PolicySourceError(`${path} must hold a dictionary of settings`);
      return parsed as Record<string, unknown>;
    },
  };
}
