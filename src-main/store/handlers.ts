import type { storeChannels } from '../../src-shared/store/contract';
import type { HandlersFor } from '../ipc/handler';
import type { StoreHealthWatch } from './health';

export function storeHandlers(health: StoreHealthWatch): HandlersFor<typeof storeChannels> {
  return { 'store.health': () => health.current() };
}
