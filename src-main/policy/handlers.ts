import { DomainError } from '../../src-shared/errors';
import type { policyChannels } from '../../src-shared/policy/contract';
import type { Policy, PolicyKey } from '../../src-shared/policy/schema';
import { appendAudit } from '../audit/audit-log';
import type { HandlersFor } from '../ipc/handler';
import type { Store } from '../store/store';
import { PolicyError, type PolicyService } from './policy-service';

export function policyHandlers(policy: PolicyService, store: Store): HandlersFor<typeof policyChannels> {
  return {
    'policy.current': () => policy.load(),
    'policy.set': async ({ key, value }, { actor }) => {
      try {
        const changed = await policy.setUserSetting(key as PolicyKey, value as Policy[PolicyKey]);
        // A setting such as the idle lock is a security control: who changed one is on the record.
        store.write((tx) =>
          appendAudit(store, tx, {
            action: 'update',
            channel: 'policy.set',
            userId: actor.userId,
            username: actor.username,
            patientIds: [],
          }),
        );
        return changed;
      } catch (error) {
        if (!(error instanceof PolicyError)) throw error;
        throw new DomainError(error.reason === 'locked' ? 'FORBIDDEN' : 'VALIDATION', error.message, {
          [key]: error.message,
        });
      }
    },
  };
}
