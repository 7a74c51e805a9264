/**
 * Time as the idle lock sees it. The main process owns the timer (a renderer that
 * hangs or is tampered with cannot keep a session open); tests swap in a fake
 * clock and move time by hand.
 */
export interface IdleClock {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemIdleClock: IdleClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    // A pending lock must never keep a closing process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
