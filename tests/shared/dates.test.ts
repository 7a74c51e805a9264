import { format, isExists, isValid, parse } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, parseCalendarDate } from '../../src-shared/dates';
import { dateOfBirthSchema } from '../../src-shared/patients/schemas';

/**
 * How dates were read before one reader did it all: date-fns, format by format (only
 * MMddyyyy held to its length). The reader must accept and refuse exactly what this did.
 */
function byFormats(text: string): string | null {
  const trimmed = text.trim();
  for (const pattern of ['MM/dd/yyyy', 'M/d/yyyy', 'MM-dd-yyyy', 'M-d-yyyy', 'MMddyyyy', 'yyyy-MM-dd']) {
    if (trimmed.length !== pattern.length && !pattern.includes('M/d') && !pattern.includes('M-d')) continue;
    const date = parse(trimmed, pattern, new Date(2000, 0, 1));
    if (isValid(date) && date.getFullYear() >= 1000) return format(date, 'yyyy-MM-dd');
  }
  return null;
}

/** A deterministic stream of numbers below n. */
function numbers(seed: number) {
  return (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
}

describe('a date as typed', () => {
  it.each([
    ['03/14/1985', '1985-03-14'],
    ['3/4/1985', '1985-03-04'],
    ['3/14/1985', '1985-03-14'],
    ['03/4/1985', '1985-03-04'],
    ['03-14-1985', '1985-03-14'],
    ['3-4-1985', '1985-03-04'],
    ['03141985', '1985-03-14'],
    ['1985-03-14', '1985-03-14'],
    ['1985-3-4', '1985-03-04'],
    [' 3/4/1985 ', '1985-03-04'],
    ['02/29/2024', '2024-02-29'],
    ['02/29/2000', '2000-02-29'],
    ['12/31/1000', '1000-12-31'],
  ])('reads %j as %s', (typed, iso) => {
    expect(parseCalendarDate(typed)).toBe(iso);
  });

  it.each([
    ['02/29/2023', 'no 29 February outside a leap year'],
    ['02/29/1900', 'no 29 February in a century not divisible by 400'],
    ['04/31/2000', 'no 31 April'],
    ['13/01/2000', 'no thirteenth month'],
    ['00/10/2000', 'no month 0'],
    ['01/00/2000', 'no day 0'],
    ['01/10/0999', 'no year before 1000'],
    ['3/4/85', 'a two-digit year'],
    ['3/4/19855', 'a five-digit year'],
    ['003/14/1985', 'a three-digit month'],
    ['03/14-1985', 'mixed separators'],
    ['1985/03/14', 'year first with slashes'],
    ['14.03.1985', 'dots'],
    ['3141985', 'seven digits'],
    ['0314198', 'seven digits'],
    ['031419850', 'nine digits'],
    ['1985-03-14T00:00', 'a time'],
    ['O3/14/1985', 'a letter for a digit'],
    ['yesterday', 'words'],
    ['', 'nothing'],
    ['   ', 'blanks'],
  ])('refuses %j (%s)', (typed) => {
    expect(parseCalendarDate(typed)).toBeNull();
  });

  it('asks for MM/DD/YYYY when a date of birth cannot be read', () => {
    for (const typed of ['02/30/2020', '3/4/85', 'soon']) {
      const result = dateOfBirthSchema.safeParse(typed);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual(['Enter the date of birth as MM/DD/YYYY']);
    }
  });

  it('reads every shape exactly as date-fns read it, real dates or not', () => {
    // A spread of one- and two-digit parts in each shape, most of them not real dates.
    const next = numbers(7);
    const part = () => String(next(40)).padStart(1 + next(2), '0');
    const year = () => String([next(10_000), 1_000 + next(1_100), 1_900 + next(130)][next(3)]!).padStart(4, '0');
    for (let i = 0; i < 2_000; i++) {
      const [m, d, y] = [part(), part(), year()];
      for (const text of [`${m}/${d}/${y}`, `${m}-${d}-${y}`, `${m}${d}${y}`, `${y}-${m}-${d}`, ` ${m}/${d}/${y}`])
        expect(parseCalendarDate(text), text).toBe(byFormats(text));
    }
  });

  it('refuses whatever date-fns refused, typed anyhow', () => {
    const next = numbers(11);
    const characters = '0123456789/-/- .aT';
    for (let i = 0; i < 20_000; i++) {
      let text = '';
      for (let length = 5 + next(8); text.length < length;) text += characters[next(characters.length)];
      expect(parseCalendarDate(text), text).toBe(byFormats(text));
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
