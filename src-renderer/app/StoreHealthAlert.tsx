import { useEffect, useState } from 'react';
import type { StoreHealth } from '../../src-shared/store/contract';
import { call, subscribe } from '../ipc/client';

/**
 * Says at once, on every screen, when the background check of the local store found it
 * damaged (decision 0324): from then on changes are refused, so the person must know
 * before typing a whole intake. Shows nothing while the store is fine or still being read.
 */
export function StoreHealthAlert() {
  const [health, setHealth] = useState<StoreHealth | null>(null);
  useEffect(() => {
    void call('store.health', {}).then((r) => r.ok && setHealth(r.value));
    return subscribe('store.health', setHealth);
  }, []);
  if (!health?.message) return null;
  return (
    <p role="alert" className="store-alert">
      {health.message}
    </p>
  );
}
