import { z } from 'zod';
import { CARE_TEAM } from '../roles';
import { defineChannel } from '../ipc/channel';
import { POLICY_KEYS, policySchema } from './schema';

const policyKey = z.enum(POLICY_KEYS as [string, ...string[]]);

export const effectivePolicySchema = z.object({
  values: policySchema,
  sources: z.record(policyKey, z.enum(['machine', 'user', 'default'])),
  locked: z.array(policyKey),
  problems: z.array(z.string()),
});

/** The settings screen's channels: what is in force and what IT locked; admins change unlocked keys. */
export const policyChannels = {
  'policy.current': defineChannel({
    name: 'policy.current',
    input: z.strictObject({}),
    output: effectivePolicySchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
  'policy.set': defineChannel({
    name: 'policy.set',
    input: z.strictObject({ key: policyKey, value: z.unknown() }),
    output: effectivePolicySchema,
    phi: 'none',
    roles: ['admin'],
  }),
};
