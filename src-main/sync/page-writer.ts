import type { Worker } from 'node:worker_threads';
import { log } from '../log';
import { CACHE_KIB, WAL_AUTOCHECKPOINT_PAGES } from '../store/database';
import { UNSENT } from '../store/outbox.table';
import type { Store } from '../store/store';
import type { PagePlan } from './appliers';

/**
 * The writer's page cache while it builds at the end of a pull (decision 0164): each build
 * reads its whole table again, and in the app's cache (CACHE_KIB), full of the pages the
 * pull wrote, the index pages written before it pushed the tables' pages out, so each was
 * read back and decrypted. Twice as much for the few seconds the builds take; the worker,
 * and its cache with it, ends after them.
 */
const BUILD_CACHE_KIB = 2 * CACHE_KIB;

/**
 * The writer's own checkpoint backstop while it builds (decision 0164). A build's commit
 * that took the WAL past the app's backstop (10,000 pages) copied the whole WAL back
 * inside that commit, on the writer, with the next builds waiting; the checkpoint worker
 * now copies each build's commit while the next build runs (`Store.builtElsewhere`).
 * Still a bound: a clinic whose builds write more than this copies the WAL here once.
 */
const BUILD_WAL_AUTOCHECKPOINT_PAGES = 4 * WAL_AUTOCHECKPOINT_PAGES;

/**
 * The worker's code (store-worker.ts opens its connection). One write at a time: one or
 * more pages and the last one's cursor in one IMMEDIATE transaction. It checks that
 * each page is the simple case its plan assumed, runs the planned statements, moves the
 * cursor and commits. Pages that are not the simple case, or that a constraint refuses,
 * are rolled back whole and answered `declined`: the main thread then applies them one
 * by one with every rule (parking, the overlay of unacknowledged changes). Only error
 * codes are posted back, never values.
 */
const WORKER_SOURCE = `
let db = null;
const statements = new Map();
const statement = (text) => {
  let s = statements.get(text);
  if (!s) statements.set(text, (s = db.prepare(text)));
  return s;
};
const quote = (identifier) => '"' + identifier.replaceAll('"', '""') + '"';
try {
  db = openStore({});
  // As the app's connection (database.ts): durable commits, a cache for the indexes.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -${CACHE_KIB}');
  db.pragma('temp_store = MEMORY');
  db.pragma('wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}');
} catch (error) {
  db = null;
  parentPort.postMessage({ outcome: 'failed', code: String(error && error.code) });
}
// Writing pages, or building at the end of a pull: each with its own cache and checkpoint backstop (decision 0164).
let building = false;
function settings(build) {
  if (build === building) return;
  building = build;
  db.pragma('cache_size = -' + (build ? ${BUILD_CACHE_KIB} : ${CACHE_KIB}));
  db.pragma('wal_autocheckpoint = ' + (build ? ${BUILD_WAL_AUTOCHECKPOINT_PAGES} : ${WAL_AUTOCHECKPOINT_PAGES}));
}
function apply(write) {
  settings(false);
  statement('BEGIN IMMEDIATE').run();
  // Anything parked: a page may unpark it, which the main thread does.
  if (statement('SELECT 1 FROM sync_parked LIMIT 1').get()) return 'declined';
  const unsent = statement('SELECT 1 FROM outbox WHERE ${UNSENT} LIMIT 1').get();
  for (const page of write.pages) {
    // A change made here and not yet acknowledged stays on top of a pulled row: main thread.
    if (
      unsent &&
      statement(
        'SELECT 1 FROM outbox WHERE ${UNSENT} AND (table_name || char(0) || row_id) IN (SELECT value FROM json_each(?)) LIMIT 1',
      ).get(JSON.stringify(page.rowRuns.map((run) => page.textTables[page.runs[run]] + '\\u0000' + page.values[run][0])))
    )
      return 'declined';
    // Checked page by page, after the pages before it: a row may come again on a later page.
    for (const [table, ids] of page.newRows) {
      const here = statement('SELECT 1 FROM ' + quote(table) + ' WHERE "id" IN (SELECT value FROM json_each(?)) LIMIT 1');
      if (here.get(JSON.stringify(ids))) return 'declined';
    }
    const prepared = page.texts.map(statement);
    // Each run's values are one array (decision 0160), passed as the statement's arguments:
    // bound from the call's arguments, not element by element out of an array (decision 0177).
    const { runs, values } = page;
    for (let i = 0; i < runs.length; i++) prepared[runs[i]].run(...values[i]);
  }
  statement(
    'UPDATE sync_state SET cursor = max(cursor, ?), epoch = ?, high_water = max(high_water, ?) WHERE id = 1',
  ).run(write.cursor, write.epoch, write.highWater);
  statement('COMMIT').run();
  return 'applied';
}
// Statements that only this connection's transaction sees (building the deferred indexes).
function run(statements) {
  settings(true);
  statement('BEGIN IMMEDIATE').run();
  for (const text of statements) db.exec(text);
  statement('COMMIT').run();
  return 'applied';
}
parentPort.on('message', (write) => {
  if (!db) return parentPort.postMessage({ outcome: 'failed', code: 'NOT_OPEN' });
  try {
    const outcome = write.statements ? run(write.statements) : apply(write);
    if (db.inTransaction) statement('ROLLBACK').run();
    parentPort.postMessage({ outcome });
  } catch (error) {
    try {
      if (db.inTransaction) statement('ROLLBACK').run();
    } catch {
      // the connection is gone; the main thread takes over
    }
    const code = String(error && error.code);
    parentPort.postMessage(
      code.startsWith('SQLITE_CONSTRAINT') ? { outcome: 'declined' } : { outcome: 'failed', code },
    );
  }
});
`;

/** How a page went on the writer: `declined` and `failed` pages are applied on the main thread instead. */
export type PageOutcome = 'applied' | 'declined' | 'failed';

/** What planned pages set with their rows, in the same transaction: the last page's cursor. */
export interface PageCursor {
  cursor: number;
  epoch: string;
  highWater: number;
}

/**
 * Applies pulled pages on a worker thread with its own connection to the store
 * (decision 0143), so that during a first sync the SQLite writes and their commits run
 * on one core while the main thread receives, parses and plans the next page on the
 * other. One write at a time (one page, or the pages that arrived during the write
 * before): the caller waits for its outcome before sending the next, so pages still land
 * in order, each in one transaction with its cursor.
 */
export class PageWriter {
  private readonly worker: Worker;
  private failed = false;
  private waiting: ((outcome: PageOutcome) => void) | null = null;

  private constructor(worker: Worker) {
    this.worker = worker;
    // Held only while a page is on it: an idle writer never keeps the process alive.
    this.worker.unref();
    this.worker.on('message', (message: { outcome: PageOutcome; code?: string }) => {
      if (message.outcome === 'failed') this.fail(message.code);
      else this.settle(message.outcome);
    });
    this.worker.once('error', () => this.fail('WORKER_ERROR'));
    this.worker.once('exit', () => this.fail('WORKER_EXIT'));
  }

  /** A writer for this store; null when the store cannot open a second connection (opened over one). */
  static start(store: Store): PageWriter | null {
    const worker = store.startWorker(WORKER_SOURCE);
    return worker ? new PageWriter(worker) : null;
  }

  /** False once the writer could not open the store or failed a page: pages are the main thread's again. */
  get usable(): boolean {
    return !this.failed;
  }

  /** Applies the planned pages and the last one's cursor in one transaction, or leaves the store as it was. */
  apply(plans: PagePlan[], cursor: PageCursor): Promise<PageOutcome> {
    return this.post({
      pages: plans.map((plan) => ({
        texts: plan.texts,
        runs: plan.runs,
        values: plan.values,
        newRows: [...plan.newRows],
        rowRuns: plan.rowRuns,
        textTables: plan.textTables,
      })),
      ...cursor,
    });
  }

  /**
   * Runs these statements in one transaction on the writer's connection, or none of
   * them. The end of a first sync builds its deferred indexes here (decision 0146):
   * this connection's page cache still holds most of the rows it wrote, and the main
   * thread stays free meanwhile.
   */
  run(statements: string[]): Promise<PageOutcome> {
    return this.post({ statements });
  }

  private post(write: object): Promise<PageOutcome> {
    if (this.failed) return Promise.resolve('failed');
    if (this.waiting) throw new Error('The page writer takes one write at a time');
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.worker.ref();
      this.worker.postMessage(write);
    });
  }

  /** Ends the worker and its connection (after the page on it, which the caller awaited). */
  async close(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }

  private fail(code: string | undefined): void {
    if (!this.failed) log.warn({ code }, 'the page writer stopped; pulled pages are applied on the main thread');
    this.failed = true;
    this.settle('failed');
  }

  private settle(outcome: PageOutcome): void {
    const waiting = this.waiting;
    this.waiting = null;
    this.worker.unref();
    waiting?.(outcome);
  }
}
