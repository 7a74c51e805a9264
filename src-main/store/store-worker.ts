import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/*
 * The start of every store worker's code, inline: a worker must load in every home
 * (vitest over the sources, the bundled harness, Electron's main bundle) without a
 * bundler entry of its own. `openStore` opens the store with the driver the app itself
 * loaded, and the cipher, legacy and key in that order, as database.ts does.
 */
const OPEN_STORE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
function openStore(options) {
  const db = new Database(workerData.path, { fileMustExist: true, ...options });
  db.pragma("cipher='sqlcipher'");
  db.pragma('legacy=4');
  db.pragma('key="x\\'' + Buffer.from(workerData.key).toString('hex') + '\\'"');
  return db;
}
`;

/** A worker thread running `body`, which may call `openStore(options)` and use `parentPort`. */
export function startStoreWorker(body: string, path: string, key: Buffer): Worker {
  return new Worker(OPEN_STORE + body, {
    eval: true,
    // The driver the app itself loaded, wherever this home keeps it.
    workerData: { path, key: new Uint8Array(key), driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
}
