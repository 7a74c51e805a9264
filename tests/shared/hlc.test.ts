import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ClockSkewError, HybridLogicalClock, compareHlc, formatHlc, parseHlc, type Hlc } from '../../src-shared/hlc';

/** A wall clock the test moves by hand, as drifting workstation clocks do. */
function manualClock(start: number) {
  let now = start;
  return { now: () => now, set: (t: number) => (now = t) };
}

describe('hybrid logical clock', () => {
  it('stamps strictly increase even when the wall clock stands still or runs backwards', () => {
    const wall = manualClock(1_700_000_000_000);
    const clock = new HybridLogicalClock('ws_a', wall.now);
    const a = clock.tick();
    const b = clock.tick();
    wall.set(1_699_999_000_000); // NTP stepped the clock back a second
    const c = clock.tick();
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(b, c)).toBeLessThan(0);
    expect(c.wallMs).toBe(1_700_000_000_000);
  });

  it('orders a received stamp before everything stamped after it', () => {
    const wall = manualClock(1_000_000);
    const clock = new HybridLogicalClock('ws_b', wall.now);
    const remote: Hlc = { wallMs: 1_030_000, counter: 7, nodeId: 'ws_a' };
    const merged = clock.receive(remote);
    expect(compareHlc(remote, merged)).toBeLessThan(0);
    expect(compareHlc(merged, clock.tick())).toBeLessThan(0);
  });

  it('refuses a remote stamp far ahead of the local wall clock, and keeps its own time', () => {
    const wall = manualClock(1_000_000);
    const strict = new HybridLogicalClock('ws_b', wall.now, 60_000);
    const before = strict.tick();
    expect(() => strict.receive({ wallMs: 1_000_000 + 3_600_000, counter: 0, nodeId: 'ws_evil' })).toThrow(
      ClockSkewError,
    );
    expect(compareHlc(strict.current(), before)).toBe(0);
    // Within the allowed skew it is adopted.
    expect(strict.receive({ wallMs: 1_050_000, counter: 0, nodeId: 'ws_a' }).wallMs).toBe(1_050_000);
  });

  it('survives a restart without running backwards', () => {
    const wall = manualClock(5_000);
    const first = new HybridLogicalClock('ws_a', wall.now);
    first.receive({ wallMs: 9_000, counter: 3, nodeId: 'ws_b' });
    const last = first.tick();
    const restarted = new HybridLogicalClock('ws_a', wall.now, undefined, last);
    expect(compareHlc(last, restarted.tick())).toBeLessThan(0);
  });

  it('string form sorts exactly as the clock order and round-trips', () => {
    fc.assert(
      fc.property(
        fc.record({ wallMs: fc.nat(2 ** 47), counter: fc.nat(99_999), nodeId: fc.stringMatching(/^[a-z0-9_]{1,12}$/) }),
        fc.record({ wallMs: fc.nat(2 ** 47), counter: fc.nat(99_999), nodeId: fc.stringMatching(/^[a-z0-9_]{1,12}$/) }),
        (a, b) => {
          expect(parseHlc(formatHlc(a))).toEqual(a);
          const byString = formatHlc(a) < formatHlc(b) ? -1 : formatHlc(a) > formatHlc(b) ? 1 : 0;
          expect(Math.sign(compareHlc(a, b))).toBe(byString);
        },
      ),
    );
  });

  it('property: any interleaving of local events and messages keeps every node monotonic and causality ordered', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('tick' as const),
        node: fc.nat(2),
        drift: fc.integer({ min: -5_000, max: 5_000 }),
      }),
      fc.record({
        kind: fc.constant('send' as const),
        from: fc.nat(2),
        to: fc.nat(2),
        drift: fc.integer({ min: -5_000, max: 5_000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const walls = [0, 1, 2].map(() => manualClock(1_000_000));
        const clocks = walls.map((w, i) => new HybridLogicalClock(`n${i}`, w.now, Number.MAX_SAFE_INTEGER));
        const last = clocks.map((c) => c.current());
        for (const s of steps) {
          const node = s.kind === 'tick' ? s.node : s.to;
          walls[node]!.set(walls[node]!.now() + s.drift);
          if (s.kind === 'tick') {
            const stamp = clocks[s.node]!.tick();
            expect(compareHlc(last[s.node]!, stamp)).toBeLessThan(0);
            last[s.node] = stamp;
          } else {
            const sent = clocks[s.from]!.tick();
            last[s.from] = sent;
            const received = clocks[s.to]!.receive(sent);
            expect(compareHlc(sent, received)).toBeLessThan(0); // happened-before is preserved
            expect(compareHlc(last[s.to]!, received)).toBeLessThan(0);
            last[s.to] = received;
          }
        }
      }),
    );
  });
});
