import { TZDate, tzName } from '@date-fns/tz';
import { format } from 'date-fns';
import { boundedMemo } from '../memo';

/**
 * Instants are epoch milliseconds (or ISO strings in UTC at the edges); calendar
 * dates are `YYYY-MM-DD` in the clinic's time zone; wall times are minutes after
 * local midnight. Every conversion between them goes through this file, so
 * daylight-saving days (23 and 25 hours long) are handled in one place.
 */
export type Instant = number;
export const MINUTE = 60_000;
export const DAY_MINUTES = 24 * 60;

function splitDate(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y!, m! - 1, d!];
}

/**
 * A local date's midnight, and whether the day is 24 hours long, per `zone|date`:
 * conversions run in hot loops (the grid, find-next), and building TZDates is the slow part.
 */
const localMidnight = boundedMemo((zoneAndDate: string): { midnight: Instant; uniform: boolean } => {
  const bar = zoneAndDate.indexOf('|');
  const [y, m, d] = splitDate(zoneAndDate.slice(bar + 1));
  const timeZone = zoneAndDate.slice(0, bar);
  const midnight = new TZDate(y, m, d, 0, 0, timeZone).getTime();
  const next = new TZDate(y, m, d + 1, 0, 0, timeZone).getTime();
  return { midnight, uniform: next - midnight === DAY_MINUTES * MINUTE };
}, 5000);

/** The instant a wall-clock time on a local date happens. A time skipped by spring-forward moves forward an hour, as clocks do. */
export function zonedInstant(date: string, minutes: number, timeZone: string): Instant {
  const day = localMidnight(`${timeZone}|${date}`);
  if (day.uniform && minutes >= 0 && minutes <= DAY_MINUTES) return day.midnight + minutes * MINUTE;
  const [y, m, d] = splitDate(date);
  return new TZDate(y, m, d, Math.floor(minutes / 60), minutes % 60, timeZone).getTime();
}

/** `[start, end)` of a local calendar day: 23 hours on the spring-forward day, 25 on fall-back. */
export function dayBounds(date: string, timeZone: string): { start: Instant; end: Instant } {
  return { start: zonedInstant(date, 0, timeZone), end: zonedInstant(addDays(date, 1), 0, timeZone) };
}

export function localDate(instant: Instant, timeZone: string): string {
  return format(new TZDate(instant, timeZone), 'yyyy-MM-dd');
}

/** Minutes after local midnight by the wall clock (so 1:30 AM is 90 on both fall-back passes). */
export function wallMinutes(instant: Instant, timeZone: string): number {
  const t = new TZDate(instant, timeZone);
  return t.getHours() * 60 + t.getMinutes();
}

/** 0 = Sunday ... 6 = Saturday, of a calendar date (zone-free). */
export function weekday(date: string): number {
  const [y, m, d] = splitDate(date);
  return new Date(Date.UTC(y, m, d)).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = splitDate(date);
  return new Date(Date.UTC(y, m, d + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = splitDate(from);
  const [y2, m2, d2] = splitDate(to);
  return Math.round((Date.UTC(y2, m2, d2) - Date.UTC(y1, m1, d1)) / (DAY_MINUTES * MINUTE));
}

/** The Sunday that starts the week holding `date`. */
export function weekStart(date: string): string {
  return addDays(date, -weekday(date));
}

export function todayIn(timeZone: string, now: Instant = Date.now()): string {
  return localDate(now, timeZone);
}

/** `HH:mm` -> minutes after midnight; `24:00` is allowed as an end of day. */
export function parseWallTime(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error(`Not a wall time: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatWallTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** One formatter per zone: the grid formats thousands of times per screen, and building a formatter is the slow part. */
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** `9:05 AM`, with the zone's abbreviation when asked (fall-back's two 1:30s differ only by it). */
export function displayTime(instant: Instant, timeZone: string, withZone = false): string {
  let formatter = timeFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', hour12: true });
    timeFormats.set(timeZone, formatter);
  }
  // ICU puts a narrow no-break space before AM/PM; people (and tests) type a space.
  const time = formatter.format(instant).replace(/\u202f/g, ' ');
  return withZone ? `${time} ${tzName(timeZone, new Date(instant), 'short')}` : time;
}

export function displayDay(date: string): string {
  const [y, m, d] = splitDate(date);
  return format(new Date(y, m, d), 'EEEE, MMMM d, yyyy');
}

export const toIso = (instant: Instant): string => new Date(instant).toISOString();
export const fromIso = (iso: string): Instant => Date.parse(iso);

/**
 * The rows of a day grid: one per `step` minutes between two wall times, by
 * instant, so the hour skipped in spring is absent and the repeated hour in the
 * fall appears twice (each labelled with its zone).
 */
export function dayRows(
  date: string,
  timeZone: string,
  fromMinutes: number,
  toMinutes: number,
  step: number,
): { start: Instant; label: string }[] {
  const start = zonedInstant(date, fromMinutes, timeZone);
  const end = toMinutes >= DAY_MINUTES ? dayBounds(date, timeZone).end : zonedInstant(date, toMinutes, timeZone);
  const rows: { start: Instant; label: string }[] = [];
  const repeated = new Set<string>();
  for (let t = start; t < end; t += step * MINUTE) {
    const plain = displayTime(t, timeZone);
    rows.push({ start: t, label: plain });
    if (repeated.has(plain)) repeated.add(`dup:${plain}`);
    repeated.add(plain);
  }
  // Label both copies of a repeated wall time with their zone (1:30 AM EDT, 1:30 AM EST).
  for (const row of rows) if (repeated.has(`dup:${row.label}`)) row.label = displayTime(row.start, timeZone, true);
  return rows;
}
