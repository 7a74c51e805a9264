import type { Worker } from 'node:worker_threads';
import { startStoreWorker } from './store-worker';

/** `damaged`: pages fail authentication or the b-trees are wrong; `not-run`: the check itself failed (not the store). */
export type IntegrityResult =
  { state: 'ok'; ms: number } | { state: 'damaged' | 'not-run'; problem: string; ms: number };

/*
 * The worker's code (store-worker.ts): it opens its own read-only connection (WAL lets the app write meanwhile) and runs the
 * same check as an at-open check (database.ts `integrityProblem`). Its messages name
 * trees and pages, never row values.
 */
const WORKER_SOURCE = `
const started = Date.now();
let db;
let problem = null;
let state = 'ok';
try {
  db = openStore({ readonly: true });
  const quick = db.pragma('quick_check', { simple: true });
  if (quick !== 'ok') {
    state = 'damaged';
    problem = String(quick).split('\\n').slice(0, 3).join('; ');
  }
} catch (error) {
  const code = String((error && error.code) || '');
  state = code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' ? 'damaged' : 'not-run';
  problem = String(error && error.message);
} finally {
  if (db) db.close();
}
parentPort.postMessage({ state, problem, ms: Date.now() - started });
`;

export interface IntegrityCheck {
  readonly result: Promise<IntegrityResult>;
  /** Stops waiting (on close). A check already inside SQLite finishes on its thread, reading only. */
  stop(): void;
}

/**
 * Checks every page of the store on a worker thread, so a 4 GB store opens in
 * moments and is still read end to end (decision 0324). The worker starts `afterMs`
 * from now: the caller decides when the check may have the machine's cores (0050).
 */
export function checkIntegrityInBackground(path: string, key: Buffer, afterMs = 0): IntegrityCheck {
  let settle: (result: IntegrityResult) => void = () => undefined;
  const result = new Promise<IntegrityResult>((resolve) => (settle = resolve));
  let worker: Worker | undefined;
  const starting = setTimeout(() => {
    worker = startStoreWorker(WORKER_SOURCE, path, key, { background: true });
    worker.unref();
    worker.once('message', (message: IntegrityResult) => settle(message));
    worker.once('error', (error) => settle({ state: 'not-run', problem: error.message, ms: 0 }));
  }, afterMs).unref();
  return {
    result,
    stop() {
      settle = () => undefined;
      clearTimeout(starting);
      void worker?.terminate();
    },
  };
}
