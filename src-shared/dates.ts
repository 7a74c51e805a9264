import { isValid, parse, format, differenceInYears } from 'date-fns';

// The ways coordinators type a date of birth; US order first, ISO last.
const DATE_FORMATS = ['MM/dd/yyyy', 'M/d/yyyy', 'MM-dd-yyyy', 'M-d-yyyy', 'MMddyyyy', 'yyyy-MM-dd'];

/** A calendar date as typed -> `YYYY-MM-DD`, or null when it is not a real date. */
export function parseCalendarDate(text: string): string | null {
  const trimmed = text.trim();
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
