import type { StoreHealth } from '../../src-shared/store/contract';
import { log } from '../log';
import { StoreError } from './database';
import { checkIntegrityInBackground, type IntegrityResult } from './integrity-check';
import type { Store } from './store';

export interface StoreHealthWatch {
  current(): StoreHealth;
  /**
   * Settles when the background check has answered (tests and the benchmark wait on it), or,
   * if the watch is stopped first (the app closing), with the health as it stood.
   */
  readonly checked: Promise<StoreHealth>;
  stop(): void;
}

/**
 * The check waits this long after the open (decision 0050): its worker thread (a Node
 * isolate of its own, then every page) would otherwise share the machine's cores with the
 * first screen being loaded and painted, which the first people at the keyboard wait for.
 */
const CHECK_AFTER_MS = 2_000;

const DAMAGED_MESSAGE = 'The local store is damaged: new changes are not being saved. Keep notes on paper and call IT.';

/**
 * The store opened with its full check deferred (decision 0324): every page is read on a
 * worker thread, from CHECK_AFTER_MS after the open. Damage is logged as an error, refuses
 * further changes (the router answers STORE_DAMAGED to every PHI write) and is pushed to
 * the window; reads and their audit entries go on, so whoever looks is still on record.
 */
export function watchStoreHealth(
  store: Store,
  path: string,
  key: Buffer,
  onChange: (health: StoreHealth) => void,
): StoreHealthWatch {
  let health: StoreHealth = store.integrityPending
    ? { state: 'checking', message: null }
    : { state: 'ok', message: null };
  if (!store.integrityPending) {
    log.info('store integrity: every page checked at open');
    return { current: () => health, checked: Promise.resolve(health), stop() {} };
  }
  const check = checkIntegrityInBackground(path, key, CHECK_AFTER_MS);
  // A stopped check never answers (its result is dropped, nothing logged or pushed).
  let stopped: (health: StoreHealth) => void = () => undefined;
  const checked = Promise.race([
    check.result.then((result) => {
      health = settle(store, result);
      onChange(health);
      return health;
    }),
    new Promise<StoreHealth>((resolve) => (stopped = resolve)),
  ]);
  return {
    current: () => health,
    checked,
    stop() {
      check.stop();
      stopped(health);
    },
  };
}

function settle(store: Store, result: IntegrityResult): StoreHealth {
  switch (result.state) {
    case 'ok':
      log.info({ ms: result.ms }, 'store integrity: every page read and authenticated');
      return { state: 'ok', message: null };
    case 'damaged':
      log.error(
        { ms: result.ms, problem: result.problem },
        'store integrity: STORE DAMAGED, changes refused from now on',
      );
      store.damage = new StoreError('STORE_DAMAGED', DAMAGED_MESSAGE);
      return { state: 'damaged', message: DAMAGED_MESSAGE };
    case 'not-run':
      // Not the store's fault; every page read is still authenticated as it is used.
      log.error({ problem: result.problem }, 'store integrity: the check could not run');
      return { state: 'unchecked', message: 'The store’s integrity check could not run; tell IT.' };
  }
}
