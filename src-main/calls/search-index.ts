import { IdleCatchUp } from '../store/idle-catch-up';
import type { Store } from '../store/store';

/** Addenda are indexed for quick search above this rowid offset; calls below it, at their own rowid. */
export const ADDENDUM_SEARCH_ROWID = 2 ** 50;

/**
 * The call log's quick-search words (FTS5 `call_log_fts`: caller, notes, the number's
 * digits, every addendum), kept a little behind the log instead of in each call's own
 * commit (decision 0412). Indexing a row in FTS5 dirties four b-trees and, every few
 * commits, merges segments; in the commit of a call that a coordinator is waiting for,
 * that was the slowest part. The log is append-only, so catching up is indexing the
 * rows after the last rowid indexed, whoever inserted them (this workstation or sync):
 * once writes pause, and always before a search, so a search finds every call.
 */
export class CallSearchIndex {
  private readonly idle: IdleCatchUp;

  constructor(private readonly store: Store) {
    this.idle = new IdleCatchUp(store, (limit) => this.indexSome(limit), 'indexing calls for quick search failed');
  }

  /** Indexes every call and addendum not yet indexed; inside the caller's transaction when there is one. */
  catchUp(): void {
    while (this.indexSome(Number.MAX_SAFE_INTEGER) > 0);
  }

  /** Catches up once writes have paused: after a call is logged, and at start for rows sync left. */
  whenIdle(): void {
    this.idle.schedule();
  }

  /** Indexes up to `limit` calls and `limit` addenda; returns how many rows it indexed. */
  private indexSome(limit: number): number {
    const s = statements(this.store);
    const lastCall = s.lastIndexedCall.get() ?? 0;
    const lastAddendum = s.lastIndexedAddendum.get() ?? 0;
    // Two reads of the rowid b-trees' last pages when nothing is new: the usual case before a search.
    if ((s.newestCall.get() ?? 0) <= lastCall && (s.newestAddendum.get() ?? 0) <= lastAddendum) return 0;
    const run = () => s.indexCalls.run(lastCall, limit).changes + s.indexAddenda.run(lastAddendum, limit).changes;
    return this.store.sqlite.inTransaction ? run() : this.store.write(run);
  }
}

function statements(store: Store) {
  return store.prepared('calls.searchIndex', ({ sqlite }) => ({
    lastIndexedCall: sqlite
      .prepare<[], number>(
        `SELECT rowid FROM call_log_fts WHERE rowid < ${ADDENDUM_SEARCH_ROWID} ORDER BY rowid DESC LIMIT 1`,
      )
      .pluck(),
    lastIndexedAddendum: sqlite
      .prepare<[], number>(
        `SELECT rowid - ${ADDENDUM_SEARCH_ROWID} FROM call_log_fts WHERE rowid >= ${ADDENDUM_SEARCH_ROWID} ORDER BY rowid DESC LIMIT 1`,
      )
      .pluck(),
    newestCall: sqlite.prepare<[], number | null>('SELECT max(rowid) FROM call_log_entries').pluck(),
    newestAddendum: sqlite.prepare<[], number | null>('SELECT max(rowid) FROM call_log_addenda').pluck(),
    // The same words the triggers of migration 0010 wrote.
    indexCalls: sqlite.prepare<[number, number]>(
      `INSERT INTO call_log_fts (rowid, call_id, body)
       SELECT rowid, id, caller_name || ' ' || notes || ' ' || coalesce(replace(phone, '+', ''), '')
       FROM call_log_entries WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    ),
    indexAddenda: sqlite.prepare<[number, number]>(
      `INSERT INTO call_log_fts (rowid, call_id, body)
       SELECT rowid + ${ADDENDUM_SEARCH_ROWID}, call_id, text
       FROM call_log_addenda WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    ),
  }));
}
