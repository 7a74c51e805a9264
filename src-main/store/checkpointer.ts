import type { Worker } from 'node:worker_threads';
import { startStoreWorker } from './store-worker';

/*
 * The worker's code (store-worker.ts): it opens its own connection to the store and
 * copies the WAL back into the database file when asked. WAL mode lets the app's connection
 * read and commit meanwhile; SQLite itself keeps a checkpoint crash-safe.
 */
const WORKER_SOURCE = `
let db = null;
try {
  db = openStore({});
  db.pragma('synchronous = FULL');
  // This connection only checkpoints: it never checkpoints on its own at close.
  db.pragma('wal_autocheckpoint = 0');
} catch (error) {
  db = null;
  parentPort.postMessage({ failed: String(error && error.code) });
}
parentPort.on('message', () => {
  let failed = null;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    failed = String(error && error.code);
  }
  parentPort.postMessage({ failed });
});
`;

/**
 * Checkpoints the store's WAL on a worker thread: right after each commit for the length
 * of a bulk load (a first sync, decision 0141), and when writes pause at any other time
 * (decision 0340). Copying the WAL back into the database decrypts, re-encrypts and
 * fsyncs every page the commits touched, and on the main thread it held up everything
 * else: the receiving and parsing of a first sync's next page, a coordinator's next save
 * or keystroke. `request` returns at once; a request made while a checkpoint runs is
 * served right after it.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private running = false;
  private again = false;
  private failed = false;
  private idle: Array<() => void> = [];

  constructor(path: string, key: Buffer) {
    this.worker = startStoreWorker(WORKER_SOURCE, path, key);
    this.worker.on('message', (message: { failed: string | null }) => {
      if (message.failed !== null) this.failed = true;
      this.running = false;
      if (this.again && !this.failed) this.request();
      else this.idle.splice(0).forEach((resolve) => resolve());
    });
    this.worker.once('error', () => {
      this.failed = true;
      this.running = false;
      this.idle.splice(0).forEach((resolve) => resolve());
    });
    // After the listeners: adding a 'message' listener refs the worker's port again, and a
    // ref'd port kept a process whose store was never closed (a script, a bench) alive.
    this.worker.unref();
  }

  /** False once the worker could not open the store or checkpoint: the caller checkpoints itself. */
  get usable(): boolean {
    return !this.failed;
  }

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /** Runs one more checkpoint (after the one under way, if any) and waits for it. */
  async flush(): Promise<void> {
    // Awaited, the worker must keep the process alive (as in `close`).
    this.worker.ref();
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    this.request();
    await done;
    this.worker.unref();
  }

  /** Waits for the checkpoint under way, if any, then ends the worker and its connection. */
  async close(): Promise<void> {
    this.again = false;
    // Awaited, the worker must keep the process alive: unref'd, a process with nothing
    // else to do would exit half-way through the last checkpoint's wait.
    this.worker.ref();
    if (this.running && !this.failed) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.worker.terminate();
  }
}
