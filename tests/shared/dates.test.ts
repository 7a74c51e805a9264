import { format, isExists, isValid, parse } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, parseCalendarDate } from '../../src-shared/dates';

/** How every date was read before the quick path for the usual shapes: date-fns, format by format. */
function byFormats(text: string): string | null {
  const trimmed = text.trim();
  for (const pattern of ['MM/dd/yyyy', 'M/d/yyyy', 'MM-dd-yyyy', 'M-d-yyyy', 'MMddyyyy', 'yyyy-MM-dd']) {
    if (trimmed.length !== pattern.length && !pattern.includes('M/d') && !pattern.includes('M-d')) continue;
    const date = parse(trimmed, pattern, new Date(2000, 0, 1));
    if (isValid(date) && date.getFullYear() >= 1000) return format(date, 'yyyy-MM-dd');
  }
  return null;
}

describe('a date as typed', () => {
  it('is read in every way coordinators type it', () => {
    expect(parseCalendarDate('03/14/1985')).toBe('1985-03-14');
    expect(parseCalendarDate(' 3/4/1985 ')).toBe('1985-03-04');
    expect(parseCalendarDate('03-14-1985')).toBe('1985-03-14');
    expect(parseCalendarDate('03141985')).toBe('1985-03-14');
    expect(parseCalendarDate('1985-03-14')).toBe('1985-03-14');
    expect(parseCalendarDate('02/29/2024')).toBe('2024-02-29');
    expect(parseCalendarDate('02/29/2023')).toBeNull();
    expect(parseCalendarDate('02/29/1900')).toBeNull();
    expect(parseCalendarDate('02/29/2000')).toBe('2000-02-29');
    expect(parseCalendarDate('13/01/2000')).toBeNull();
    expect(parseCalendarDate('04/31/2000')).toBeNull();
    expect(parseCalendarDate('00/10/2000')).toBeNull();
    expect(parseCalendarDate('01/10/0999')).toBeNull();
    expect(parseCalendarDate('yesterday')).toBeNull();
  });

  it('reads the usual shapes exactly as date-fns read them, real dates or not', () => {
    // A deterministic spread of digits in each usual shape, most of them not real dates.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const two = () => String(next(40)).padStart(2, '0');
    const year = () => String([next(10_000), 1_000 + next(1_100), 1_900 + next(130)][next(3)]!).padStart(4, '0');
    for (let i = 0; i < 3_000; i++) {
      const [m, d, y] = [two(), two(), year()];
      for (const text of [`${m}/${d}/${y}`, `${m}-${d}-${y}`, `${m}${d}${y}`, `${y}-${m}-${d}`, ` ${m}/${d}/${y}`]) {
        expect(parseCalendarDate(text), text).toBe(byFormats(text));
      }
    }
  });

  it('knows which days exist exactly as date-fns does, leap years included', () => {
    for (const year of [1600, 1700, 1800, 1899, 1900, 1999, 2000, 2023, 2024, 2100, 2400])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++)
          expect(isCalendarDate(year, month, day), `${year}-${month}-${day}`).toBe(isExists(year, month - 1, day));
    expect(isCalendarDate(2024, 2.5, 1)).toBe(false);
  });
});
