import { describe, expect, it } from 'vitest';
import { buildGrid, type Shade } from '../../src-renderer/features/schedule/grid-model';
import { toIso, zonedInstant } from '../../src-shared/schedule/clinic-time';
import type { ClinicSetup, ScheduleException } from '../../src-shared/schedule/schemas';
import { followUp, main, patel, templates, west, ZONE } from './fixtures';

const setup: ClinicSetup = {
  timeZone: ZONE,
  locations: [main, west],
  providers: [patel],
  resources: [],
  types: [followUp],
  templates,
};
const MONDAY = '2026-12-07';
const at = (hh: number, mm = 0) => toIso(zonedInstant(MONDAY, hh * 60 + mm, ZONE));
const meeting: ScheduleException = {
  id: 'x-1',
  providerId: patel.id,
  locationId: null,
  kind: 'block',
  startsAt: at(14),
  endsAt: at(15),
  reason: 'Team meeting',
};

function grid(exceptions: ScheduleException[] = []) {
  return buildGrid({
    setup,
    view: 'day',
    date: MONDAY,
    providers: [patel],
    weekProviderId: null,
    appointments: [],
    exceptions,
    step: 15,
    from: 7 * 60,
    to: 19 * 60,
  });
}

/** A run of rows as the times a coordinator reads: "9:00 AM–12:00 PM open". */
const readable = (model: ReturnType<typeof grid>, s: Shade) =>
  `${model.rowLabels[s.from]} ${s.state} ×${s.to - s.from}`;

describe('the grid shades availability as a few blocks per column', () => {
  it("shows Dr. Patel's day as closed, open, lunch, open, a meeting, open, closed", () => {
    const model = grid([meeting]);
    expect(model.shading(0).map((s) => readable(model, s))).toEqual([
      '7:00 AM closed ×8',
      '9:00 AM open ×12',
      '12:00 PM closed ×4',
      '1:00 PM open ×4',
      '2:00 PM exception ×4',
      '3:00 PM open ×8',
      '5:00 PM closed ×8',
    ]);
  });

  it('agrees with every cell: what a screen reader hears is what the shading shows', () => {
    const model = grid([meeting]);
    for (const shade of model.shading(0)) {
      for (let r = shade.from; r < shade.to; r++) expect(model.cell(0, r).state).toBe(shade.state);
    }
    expect(model.cell(0, 28).label).toContain('out, block: Team meeting');
  });

  it('covers every row once, top to bottom', () => {
    const model = grid();
    const runs = model.shading(0);
    expect(runs[0]!.from).toBe(0);
    expect(runs.at(-1)!.to).toBe(model.rowLabels.length);
    runs.slice(1).forEach((s, i) => expect(s.from).toBe(runs[i]!.to));
  });
});
