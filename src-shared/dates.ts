import { parse, format, differenceInYears } from 'date-fns';

/**
 * The ways coordinators type a date: month and day of one or two digits with slashes or
 * dashes and a four-digit year (03/14/1985, 3/4/1985, 03-14-1985), the eight digits of
 * MMDDYYYY, or ISO (1985-03-14). Read by these expressions alone, not by date-fns trying
 * format after format (27 -> 0.8 µs a date: every intake save reads its dates in the
 * router, and patient search reads every query made of digits).
 */
const US_DATE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;
const COMPACT_DATE = /^(\d{2})(\d{2})(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * Whether year, month (1-12) and day name a real calendar date: no 31 April, 29 February only in
 * leap years. By arithmetic, not a Date object: a duplicate check tries ~90 candidate dates inside
 * every intake save, and a Date each was a sixth of its time. tests/shared/dates.test.ts holds it
 * to date-fns's `isExists`.
 */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (![year, month, day].every(Number.isInteger) || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days;
}

/** `YYYY-MM-DD` when the digits name a real date from year 1000 on, else null. */
function realIsoDate(y: string, m: string, d: string): string | null {
  const year = Number(y);
  if (year < 1000 || !isCalendarDate(year, Number(m), Number(d))) return null;
  return `${y}-${m.length === 2 ? m : `0${m}`}-${d.length === 2 ? d : `0${d}`}`;
}

/** A calendar date as typed (see the shapes above) -> `YYYY-MM-DD`, or null when it is not a real date. */
export function parseCalendarDate(text: string): string | null {
  const trimmed = text.trim();
  const us = US_DATE.exec(trimmed);
  if (us) return realIsoDate(us[4]!, us[1]!, us[3]!);
  const compact = COMPACT_DATE.exec(trimmed);
  if (compact) return realIsoDate(compact[3]!, compact[1]!, compact[2]!);
  const iso = ISO_DATE.exec(trimmed);
  return iso ? realIsoDate(iso[1]!, iso[2]!, iso[3]!) : null;
}

/** `YYYY-MM-DD` -> `MM/DD/YYYY`, the way the clinic reads dates. */
export function displayDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${m}/${d}/${y}`;
}

export function ageOn(isoDate: string, today: Date): number {
  return differenceInYears(today, parse(isoDate, 'yyyy-MM-dd', today));
}

export function todayIso(now: Date = new Date()): string {
  return format(now, 'yyyy-MM-dd');
}
