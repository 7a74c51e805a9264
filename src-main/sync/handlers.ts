import type { syncChannels } from '../../src-shared/sync/contract';
import type { HandlersFor } from '../ipc/handler';
import type { Store } from '../store/store';
import type { SyncEngine } from './engine';
import { countOpenReviewItems, listReviewItems } from './review';

export function syncHandlers(store: Store, engine: SyncEngine | null): HandlersFor<typeof syncChannels> {
  return {
    'sync.status': () =>
      engine?.status() ?? {
        // No hub configured: the workstation works alone and says so.
        state: 'disconnected',
        pending: 0,
        lastSuccessAt: null,
        lastError: null,
        progress: null,
        clockOffsetMs: null,
        openReviewItems: countOpenReviewItems(store.db),
      },
    'sync.conflicts': (input) => listReviewItems(store.db, input.includeResolved),
  };
}
