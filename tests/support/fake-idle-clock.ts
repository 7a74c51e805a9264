import type { IdleClock } from '../../src-main/session/idle-clock';

/** An idle clock whose time moves only when a test says so; timers fire in order as it passes them. */
export class FakeIdleClock implements IdleClock {
  private time = Date.parse('2026-03-02T09:00:00Z');
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  advanceMinutes(minutes: number): void {
    const until = this.time + minutes * 60_000;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
  }

  get pending(): number {
    return this.timers.length;
  }
}
