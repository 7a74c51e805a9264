import type { Worker } from 'node:worker_threads';
import { startStoreWorker } from './store-worker';

/** The slots of the state the worker and the app's thread share (an Int32Array over a SharedArrayBuffer). */
const REQUESTED = 0;
const DONE = 1;
const FAILED = 2;
/** Set by the app's thread when the store closes; set back by the worker once its connection is closed. */
const CLOSING = 3;
const CLOSED = 4;
const SLOTS = 5;

/*
 * The worker's code (store-worker.ts): it opens its own connection to the store and
 * copies the WAL back into the database file when asked. WAL mode lets the app's connection
 * read and commit meanwhile; SQLite itself keeps a checkpoint crash-safe. Requests and
 * results go through shared memory, so the app's thread can see how far the worker is
 * while its own event loop is busy, and close the worker's connection before it returns
 * (decision 0035). A message only wakes the worker up.
 */
const WORKER_SOURCE = `
const state = new Int32Array(workerData.state);
let db = null;
try {
  db = openStore({});
  db.pragma('synchronous = FULL');
  // This connection only checkpoints: it never checkpoints on its own at close.
  db.pragma('wal_autocheckpoint = 0');
} catch (error) {
  db = null;
  Atomics.store(state, ${FAILED}, 1);
  parentPort.postMessage({ failed: String(error && error.code) });
}
parentPort.on('message', () => {
  let failed = null;
  // Every request made before this checkpoint started is served by it.
  for (let target = Atomics.load(state, ${REQUESTED}); Atomics.load(state, ${DONE}) !== target; target = Atomics.load(state, ${REQUESTED})) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      failed = String(error && error.code);
      Atomics.store(state, ${FAILED}, 1);
    }
    Atomics.store(state, ${DONE}, target);
    Atomics.notify(state, ${DONE});
    if (failed !== null) break;
  }
  if (Atomics.load(state, ${CLOSING}) === 1) {
    try { if (db) db.close(); } catch {}
    db = null;
    Atomics.store(state, ${CLOSED}, 1);
    Atomics.notify(state, ${CLOSED});
  }
  parentPort.postMessage({ failed });
});
`;

/** How long closing the store waits for the worker's connection to close (a checkpoint under way first). */
const CLOSE_WAIT_MS = 10_000;

/**
 * Checkpoints the store's WAL on a worker thread: every few commits for the length of a
 * first sync (decisions 0141, 0144), and when writes pause at any other time (0340).
 * Copying the WAL back into the database decrypts, re-encrypts and fsyncs every page the
 * commits touched, and on the main thread it held up everything else: the receiving and
 * parsing of a first sync's next page, a coordinator's next save or keystroke. `request`
 * returns at once; a request made while a checkpoint runs is served right after it.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private idle: Array<{ target: number; resolve: () => void }> = [];

  constructor(path: string, key: Buffer | null) {
    this.worker = startStoreWorker(WORKER_SOURCE, path, key, { background: true, data: { state: this.state.buffer } });
    this.worker.on('message', (message: { failed: string | null }) => {
      if (message.failed !== null) Atomics.store(this.state, FAILED, 1);
      this.settle();
    });
    this.worker.once('error', () => {
      // A worker that crashed could not say so itself.
      Atomics.store(this.state, FAILED, 1);
      this.settle();
    });
    // After the listeners: adding a 'message' listener refs the worker's port again, and a
    // ref'd port kept a process whose store was never closed (a script, a bench) alive.
    this.worker.unref();
  }

  /** Resolves the waits the worker has served (all of them once it has failed). */
  private settle(all = !this.usable): void {
    const done = Atomics.load(this.state, DONE);
    const served = this.idle.filter((w) => all || w.target - done <= 0);
    this.idle = this.idle.filter((w) => !served.includes(w));
    served.forEach((w) => w.resolve());
  }

  /** False once the worker could not open the store or checkpoint: the caller checkpoints itself. */
  get usable(): boolean {
    return Atomics.load(this.state, FAILED) === 0;
  }

  /** Whether a checkpoint asked for has not finished yet. */
  get running(): boolean {
    return Atomics.load(this.state, DONE) !== Atomics.load(this.state, REQUESTED);
  }

  /** Asks for a checkpoint of everything committed so far; returns its number. */
  request(): number {
    const target = Atomics.add(this.state, REQUESTED, 1) + 1;
    this.worker.postMessage(0);
    return target;
  }

  /** Runs one more checkpoint (after the one under way, if any) and waits for it. */
  async flush(): Promise<void> {
    await this.served(this.request());
  }

  /** Waits, without blocking this thread, for every checkpoint asked for so far. */
  async settled(): Promise<void> {
    if (this.running && this.usable) await this.served(Atomics.load(this.state, REQUESTED));
  }

  private async served(target: number): Promise<void> {
    // Awaited, the worker must keep the process alive (as in `close`).
    this.worker.ref();
    await new Promise<void>((resolve) => {
      this.idle.push({ target, resolve });
      this.settle();
    });
    this.worker.unref();
  }

  /**
   * Closes the worker's connection before returning (after the checkpoint under way, if
   * any), so whatever opens the file next (a key rotation, another process) finds no other
   * connection on it, then ends the worker (the shell bench's key rotation right after its
   * writes once found it still open, decision 0035).
   */
  async close(): Promise<void> {
    Atomics.store(this.state, CLOSING, 1);
    this.worker.postMessage(0);
    if (this.usable) Atomics.wait(this.state, CLOSED, 0, CLOSE_WAIT_MS);
    // Awaited, the worker must keep the process alive: unref'd, a process with nothing
    // else to do would exit before it ended.
    this.worker.ref();
    await this.worker.terminate();
  }
}
