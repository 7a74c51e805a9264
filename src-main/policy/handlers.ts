import { DomainError } from '../../src-shared/errors';
import type { policyChannels } from '../../src-shared/policy/contract';
import type { Policy, PolicyKey } from '../../src-shared/policy/schema';
import type { HandlersFor } from '../ipc/handler';
import { PolicyError, type PolicyService } from './policy-service';

export function policyHandlers(policy: PolicyService): HandlersFor<typeof policyChannels> {
  return {
    'policy.current': () => policy.load(),
    'policy.set': async ({ key, value }) => {
      try {
        return await policy.setUserSetting(key as PolicyKey, value as Policy[PolicyKey]);
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        throw new DomainError(error.reason === 'locked' ? 'FORBIDDEN' : 'VALIDATION', error.message, {
          [key]: error.message,
        });
      }
    },
  };
}
