import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The nice value of a housekeeping worker's thread (0 is the app's, 19 the lowest). */
export const BACKGROUND_NICE = 10;

/*
 * The start of every store worker's code, inline: a worker must load in every home
 * (vitest over the sources, the bundled harness, Electron's main bundle) without a
 * bundler entry of its own. `openStore` opens the store with the driver the app itself
 * loaded, and the cipher, legacy and key in that order, as database.ts does (a plain
 * store, the benchmarks' baseline, has no key: decision 0035).
 */
const OPEN_STORE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
if (workerData.background && process.platform === 'linux') {
  // Housekeeping yields the cores to the app's own threads (decision 0198). Linux schedules
  // each thread with a priority of its own; elsewhere the priority is the whole process's.
  try {
    const thread = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
    require('node:os').setPriority(thread, ${BACKGROUND_NICE});
  } catch {
    // Left at the app's priority: slower to catch up, nothing else.
  }
}
function openStore(options) {
  const db = new Database(workerData.path, { fileMustExist: true, ...options });
  if (workerData.key === null) return db;
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  db.pragma('key="x\\'' + Buffer.from(workerData.key).toString('hex') + '\\'"');
  return db;
}
`;

/**
 * A worker thread running `body`, which may call `openStore(options)` and use `parentPort`
 * and `workerData` (with `data`'s entries besides the store's own). A `background` worker
 * does housekeeping that may lag behind the app (checkpoints, integrity checks): its thread runs at a
 * lower priority where the OS allows it.
 */
export function startStoreWorker(
  body: string,
  path: string,
  key: Buffer | null,
  { background = false, data = {} }: { background?: boolean; data?: object } = {},
): Worker {
  return new Worker(OPEN_STORE + body, {
    eval: true,
    workerData: {
      ...data,
      background,
      path,
      key: key && new Uint8Array(key),
      // The driver the app itself loaded, wherever this home keeps it.
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
}
