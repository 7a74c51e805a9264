import { log } from '../log';
import type { Store } from './store';

/** How long writes must pause before an index kept behind them catches up (the store's own checkpoint waits as long). */
const IDLE_MS = 250;
/** Rows caught up per transaction in the background, so a long backlog (a first sync, a seed) never holds the store for long. */
export const CATCH_UP_CHUNK = 5_000;

/**
 * The background half of an index kept a little behind the writes instead of in each
 * write's commit (the call log's quick search, decision 0412; patient names, 0033):
 * once writes have paused, `step(CATCH_UP_CHUNK)` indexes a chunk in its own
 * transaction, and again at the next pause while chunks come back full.
 */
export class IdleCatchUp {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    /** Indexes up to `limit` rows; returns how many. */
    private readonly step: (limit: number) => number,
    /** What failed, for the log (never row data). */
    private readonly failure: string,
    /** Called when a pass found less than a full chunk: nothing is behind any more. */
    private readonly caughtUp: () => void = () => undefined,
  ) {}

  /** Runs once writes have paused: called after every write that left the index behind. */
  schedule(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      const { sqlite } = this.store;
      if (!sqlite.open) return;
      // A test may hold a transaction open across turns of the event loop: later.
      if (sqlite.inTransaction) return this.schedule();
      try {
        if (this.step(CATCH_UP_CHUNK) === CATCH_UP_CHUNK) this.schedule();
        else this.caughtUp();
      } catch (error) {
        // Never an uncaught error in a timer: what is behind stays behind, and the next read or idle moment catches up.
        log.error({ errorName: (error as Error).name }, this.failure);
      }
    }, IDLE_MS);
    this.timer.unref();
  }
}
