import { z } from 'zod';

/**
 * Every setting IT can manage, declared once. The PolicyService validates machine
 * policy and user settings against it, the settings screen shows it, and
 * docs/policy.md's key table is generated from it (scripts/policy-docs.ts).
 */
export const policySchema = z.object({
  hubUrl: z
    .url({ protocol: /^https?$/, error: 'Enter an address that starts with https:// (or http://)' })
    .nullable()
    .default(null)
    .describe('The clinic sync hub this workstation syncs with (https in production). Empty: work offline only.'),
  idleLockMinutes: z
    .number({ error: 'Enter a whole number of minutes' })
    .int('Enter a whole number of minutes')
    .min(1, 'Use 1 to 120 minutes')
    .max(120, 'Use 1 to 120 minutes')
    .default(10)
    .describe('Minutes without keyboard or mouse input before the session locks (HIPAA automatic logoff).'),
  passphraseMode: z
    .boolean()
    .default(false)
    .describe(
      'Protect the database key with a passphrase (scrypt) instead of the OS keystore, for machines without one.',
    ),
  updaterEnabled: z.boolean().default(true).describe('Let CareDesk download and install its own updates.'),
  ctiEndpointEnabled: z
    .boolean()
    .default(false)
    .describe('Accept call events from the clinic phone system (CTI) on the local endpoint.'),
});

export type Policy = z.output<typeof policySchema>;
export type PolicyKey = keyof Policy;
export const POLICY_KEYS = Object.keys(policySchema.shape) as PolicyKey[];

/** How a key is written where types are poor (the Windows registry: REG_SZ or REG_DWORD). */
export const POLICY_KINDS: Record<PolicyKey, 'string' | 'integer' | 'boolean'> = {
  hubUrl: 'string',
  idleLockMinutes: 'integer',
  passphraseMode: 'boolean',
  updaterEnabled: 'boolean',
  ctiEndpointEnabled: 'boolean',
};

export const POLICY_DEFAULTS: Policy = policySchema.parse({});

export type PolicySourceKind = 'machine' | 'user' | 'default';

/** The settings in force, where each came from, and which ones IT locked. */
export interface EffectivePolicy {
  values: Policy;
  sources: Record<PolicyKey, PolicySourceKind>;
  /** Keys set by machine policy: read-only in the settings screen. */
  locked: PolicyKey[];
  /** Problems found while reading, for IT: the bad value was ignored and the next layer used. */
  problems: string[];
}
