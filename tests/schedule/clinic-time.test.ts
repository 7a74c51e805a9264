import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayBounds,
  dayRows,
  displayTime,
  localDate,
  wallMinutes,
  weekday,
  zonedInstant,
} from '../../src-shared/schedule/clinic-time';
import { openWindows } from '../../src-shared/schedule/availability';
import { seriesStarts } from '../../src-shared/schedule/series';
import { locations, templates, ZONE } from './fixtures';

const HOUR = 3_600_000;

describe('clinic days across daylight-saving changes (US, 2026)', () => {
  it.each([
    ['2026-03-07', 24],
    ['2026-03-08', 23], // spring forward: 2:00 becomes 3:00
    ['2026-03-09', 24],
    ['2026-10-31', 24],
    ['2026-11-01', 25], // fall back: 1:00-2:00 happens twice
    ['2026-11-02', 24],
  ])('%s in Boston lasts %i hours', (date, hours) => {
    const { start, end } = dayBounds(date, ZONE);
    expect((end - start) / HOUR).toBe(hours);
  });

  it('reads wall times in the zone: 9:00 is 14:00Z in winter and 13:00Z in summer', () => {
    expect(new Date(zonedInstant('2026-03-06', 9 * 60, ZONE)).toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(new Date(zonedInstant('2026-03-09', 9 * 60, ZONE)).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(new Date(zonedInstant('2026-11-02', 9 * 60, ZONE)).toISOString()).toBe('2026-11-02T14:00:00.000Z');
  });

  it('moves a wall time skipped by spring-forward ahead an hour, as the clocks do', () => {
    expect(displayTime(zonedInstant('2026-03-08', 2 * 60 + 30, ZONE), ZONE)).toBe('3:30 AM');
  });

  it('gives a full-day grid 92 rows of 15 minutes in spring and 100 in the fall, labelling the repeated hour by zone', () => {
    const spring = dayRows('2026-03-08', ZONE, 0, 24 * 60, 15);
    expect(spring).toHaveLength(92);
    expect(spring.map((r) => r.label)).not.toContain('2:00 AM');
    expect(spring[8]!.label).toBe('3:00 AM');

    const fall = dayRows('2026-11-01', ZONE, 0, 24 * 60, 15);
    expect(fall).toHaveLength(100);
    expect(fall.filter((r) => r.label.startsWith('1:30 AM')).map((r) => r.label)).toEqual([
      '1:30 AM EDT',
      '1:30 AM EST',
    ]);
  });

  it('a clinic-hours grid (7:00-19:00, 10 minutes) has the same 72 rows on both change days', () => {
    expect(dayRows('2026-03-08', ZONE, 7 * 60, 19 * 60, 10)).toHaveLength(72);
    expect(dayRows('2026-11-01', ZONE, 7 * 60, 19 * 60, 10)).toHaveLength(72);
    expect(dayRows('2026-11-01', ZONE, 7 * 60, 19 * 60, 5)[0]!.label).toBe('7:00 AM');
  });

  it('knows the local date and wall time of an instant near midnight', () => {
    const lateEvening = Date.parse('2026-11-24T02:30:00Z'); // 9:30 PM on the 23rd in Boston
    expect(localDate(lateEvening, ZONE)).toBe('2026-11-23');
    expect(wallMinutes(lateEvening, ZONE)).toBe(21 * 60 + 30);
    expect(weekday('2026-11-23')).toBe(1);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('slots from templates on change days', () => {
  it('Monday 9-12 and 13-17 stay 9-12 and 13-17 local the day after each change', () => {
    for (const date of ['2026-03-09', '2026-11-02']) {
      const windows = openWindows(templates, [], locations, 'dr-patel', date);
      expect(windows.map((w) => `${displayTime(w.start, ZONE)}-${displayTime(w.end, ZONE)}`)).toEqual([
        '9:00 AM-12:00 PM',
        '1:00 PM-5:00 PM',
      ]);
      expect((windows[1]!.end - windows[1]!.start) / HOUR).toBe(4);
    }
  });

  it('a weekly 9:00 series stays at 9:00 across the fall change', () => {
    const starts = seriesStarts('2026-10-26T13:00:00.000Z', 1, 3, ZONE);
    expect(starts).toEqual(['2026-10-26T13:00:00.000Z', '2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z']);
    expect(starts.map((s) => displayTime(Date.parse(s), ZONE))).toEqual(['9:00 AM', '9:00 AM', '9:00 AM']);
  });

  it('a weekly 9:00 series stays at 9:00 across the spring change', () => {
    const starts = seriesStarts('2026-03-02T14:00:00.000Z', 1, 2, ZONE);
    expect(starts).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });
});
