import { isValid, parse, format, differenceInYears } from 'date-fns';

// The ways coordinators type a date of birth; US order first, ISO last.
const DATE_FORMATS = ['MM/dd/yyyy', 'M/d/yyyy', 'MM-dd-yyyy', 'M-d-yyyy', 'MMddyyyy', 'yyyy-MM-dd'];

// The shapes a date arrives in almost always (the form's MM/DD/YYYY, ISO): read by hand, since
// date-fns tries its formats one by one (~25 µs a date, five dates an intake, on every save).
const US_DATE = /^(\d{2})([/-])(\d{2})\2(\d{4})$/;
const COMPACT_DATE = /^(\d{2})(\d{2})(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/** `YYYY-MM-DD` when the digits name a real date from year 1000 on, else null (and the formats decide). */
function realIsoDate(y: string, m: string, d: string): string | null {
  const year = Number(y);
  return year >= 1000 && isCalendarDate(year, Number(m), Number(d)) ? `${y}-${m}-${d}` : null;
}

/** Two-digit month and day with a four-digit year, as the formats below would read it, only sooner. */
function typicalDate(text: string): string | null {
  const us = US_DATE.exec(text);
  if (us) return realIsoDate(us[4]!, us[1]!, us[3]!);
  const compact = COMPACT_DATE.exec(text);
  if (compact) return realIsoDate(compact[3]!, compact[1]!, compact[2]!);
  const iso = ISO_DATE.exec(text);
  return iso ? realIsoDate(iso[1]!, iso[2]!, iso[3]!) : null;
}

/** A calendar date as typed -> `YYYY-MM-DD`, or null when it is not a real date. */
export function parseCalendarDate(text: string): string | null {
  const trimmed = text.trim();
  const typical = typicalDate(trimmed);
  if (typical) return typical;
  for (const pattern of DATE_FORMATS) {
    if (trimmed.length !== pattern.length && !pattern.includes('M/d') && !pattern.includes('M-d')) continue;
    const date = parse(trimmed, pattern, new Date(2000, 0, 1));
    if (isValid(date) && date.getFullYear() >= 1000) return format(date, 'yyyy-MM-dd');
  }
  return null;
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
