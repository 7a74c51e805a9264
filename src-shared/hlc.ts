/**
 * Hybrid logical clock (Kulkarni et al.). Stamps every local change so per-field
 * merges have a total order that respects causality, even when device wall clocks
 * drift. Device clocks never order anything the hub owns (bookings, sequences);
 * they only stamp and display.
 *
 * Encoded as `<wall ms, 15 digits>-<counter, 5 digits>-<node id>` so that string
 * comparison is the clock order and stamps can be indexed and compared in SQL.
 */
export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  readonly nodeId: string;
}

/** A remote stamp further ahead of our wall clock than this is refused, never adopted. */
export const DEFAULT_MAX_SKEW_MS = 5 * 60_000;
const MAX_COUNTER = 99_999;
const NODE_ID = /^[A-Za-z0-9_]{1,64}$/;

export class ClockSkewError extends Error {
  constructor(
    readonly remote: Hlc,
    readonly localWallMs: number,
  ) {
    super(`Refused a remote clock ${remote.wallMs - localWallMs} ms ahead of this workstation's clock`);
    this.name = 'ClockSkewError';
  }
}

export function formatHlc(h: Hlc): string {
  return `${String(h.wallMs).padStart(15, '0')}-${String(h.counter).padStart(5, '0')}-${h.nodeId}`;
}

/** Characters of a formatted stamp before its node (`<wall ms>-<counter>`): what an outbox entry keeps of its own stamps. */
export const HLC_WITHOUT_NODE = 21;

export function parseHlc(text: string): Hlc {
  const m = /^(\d{15})-(\d{5})-(.+)$/.exec(text);
  if (!m || !NODE_ID.test(m[3]!)) throw new Error(`Not a hybrid logical clock stamp: ${text}`);
  return { wallMs: Number(m[1]), counter: Number(m[2]), nodeId: m[3]! };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wallMs - b.wallMs || a.counter - b.counter || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0);
}

export class HybridLogicalClock {
  private last: Hlc;

  constructor(
    readonly nodeId: string,
    private readonly now: () => number = Date.now,
    private readonly maxSkewMs = DEFAULT_MAX_SKEW_MS,
    /** The last stamp issued before a restart, so the clock never runs backwards. */
    restored?: Hlc,
  ) {
    if (!NODE_ID.test(nodeId)) throw new Error(`Invalid clock node id: ${nodeId}`);
    this.last = restored ?? { wallMs: 0, counter: 0, nodeId };
  }

  /** A stamp for a local event, strictly greater than every stamp seen so far. */
  tick(): Hlc {
    const wall = this.now();
    this.last =
      wall > this.last.wallMs
        ? { wallMs: wall, counter: 0, nodeId: this.nodeId }
        : this.bump(this.last.wallMs, this.last.counter + 1);
    return this.last;
  }

  /** Merge a stamp received from another node; refuses one too far in the future. */
  receive(remote: Hlc): Hlc {
    const wall = this.now();
    if (remote.wallMs - wall > this.maxSkewMs) throw new ClockSkewError(remote, wall);
    const maxWall = Math.max(wall, this.last.wallMs, remote.wallMs);
    let counter: number;
    if (maxWall === this.last.wallMs && maxWall === remote.wallMs) {
      counter = Math.max(this.last.counter, remote.counter) + 1;
    } else if (maxWall === this.last.wallMs) {
      counter = this.last.counter + 1;
    } else if (maxWall === remote.wallMs) {
      counter = remote.counter + 1;
    } else {
      counter = 0;
    }
    this.last = this.bump(maxWall, counter);
    return this.last;
  }

  current(): Hlc {
    return this.last;
  }

  // When the counter would overflow its digits, borrow the next millisecond instead.
  private bump(wallMs: number, counter: number): Hlc {
    return counter > MAX_COUNTER
      ? { wallMs: wallMs + 1, counter: 0, nodeId: this.nodeId }
      : { wallMs, counter, nodeId: this.nodeId };
  }
}
