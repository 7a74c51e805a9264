import type { syncChannels } from '../../src-shared/sync/contract';
import { DomainError } from '../../src-shared/errors';
import type { HandlersFor } from '../ipc/handler';
import type { Store } from '../store/store';
import type { ApplierRegistry } from './appliers';
import type { SyncEngine } from './engine';
import { HubError } from './hub-client';
import { resolveReviewItem } from './resolve';
import { countOpenReviewItems, listReviewItems } from './review';

export function syncHandlers(
  store: Store,
  engine: SyncEngine | null,
  appliers: ApplierRegistry,
): HandlersFor<typeof syncChannels> {
  const alone = () => ({
    // No hub configured: the workstation works alone and says so.
    state: 'disconnected' as const,
    pending: 0,
    lastSuccessAt: null,
    lastError: null,
    progress: null,
    clockOffsetMs: null,
    openReviewItems: countOpenReviewItems(store.db),
    enrolled: false,
  });
  return {
    'sync.status': () => engine?.status() ?? alone(),
    'sync.conflicts': (input) => listReviewItems(store.db, input.includeResolved),
    'sync.resolve': (input, { actor }) => {
      const item = resolveReviewItem(store, appliers, input.id, input.choice, { userId: actor.userId });
      engine?.nudge();
      return item;
    },
    'sync.now': async () => (engine ? engine.syncNow() : alone()),
    'sync.enroll': async (input) => {
      if (!engine)
        throw new DomainError('CONFLICT', 'No clinic hub is configured for this workstation (IT policy hubUrl)');
      if (engine.status().enrolled) throw new DomainError('CONFLICT', 'This workstation is already enrolled');
      try {
        return await engine.enroll(input.code, input.deviceName);
      } catch (error) {
        // The hub's answer is for people (a spent or unknown code); the network's is "try again".
        if (error instanceof HubError && !error.transient)
          throw new DomainError('VALIDATION', error.message, { code: error.message });
        if (error instanceof HubError) throw new DomainError('CONFLICT', error.message);
        throw error;
      }
    },
  };
}
