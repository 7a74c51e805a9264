import { parseCalendarDate } from '../dates';
import { normalizePhone } from '../phone';

/**
 * What a coordinator typed into patient search, read the way they meant it:
 * a date is a date of birth, seven or more digits are a phone number, an MRN
 * looks like `MRN-…`, anything else is name words in any order.
 */
export type PatientQuery =
  | { kind: 'empty' }
  | { kind: 'dateOfBirth'; isoDate: string }
  | { kind: 'phone'; e164: string | null; digits: string }
  | { kind: 'mrn'; mrn: string }
  | { kind: 'name'; words: string[] };

const MRN = /^MRN-?\d{1,12}$/i;
const DATE_CHARACTERS = /^[\d/-]+$/;

export function readPatientQuery(text: string): PatientQuery {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'empty' };
  if (MRN.test(trimmed)) return { kind: 'mrn', mrn: trimmed.toUpperCase().replace(/^MRN-?/, 'MRN-') };
  // Every date format is digits and separators; parsing one costs more than a name search's
  // own work, so names skip it.
  const isoDate = DATE_CHARACTERS.test(trimmed) ? parseCalendarDate(trimmed) : null;
  if (isoDate) return { kind: 'dateOfBirth', isoDate };
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length >= 7 && /^[\d\s().+-]+$/.test(trimmed)) {
    return { kind: 'phone', e164: normalizePhone(trimmed), digits };
  }
  const words = foldName(trimmed).split(/\s+/).filter(Boolean);
  return words.length ? { kind: 'name', words } : { kind: 'empty' };
}

const ASCII = /^[\x00-\x7f]*$/;

// Letters that carry no combining mark to strip, so NFKD leaves them alone.
const UNMARKED: Record<string, string> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th' };

/**
 * Lower case without accents or punctuation: how names are indexed and matched.
 * Apostrophes join (O'Connor -> oconnor); hyphens and other marks separate words.
 */
export function foldName(text: string): string {
  // Plain ASCII (most names typed here) has no accents or special letters to fold:
  // the same result without NFKD and the Unicode-class passes, on every patient write.
  if (ASCII.test(text)) {
    return text
      .toLowerCase()
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9\s]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðßæœıþ]/g, (c) => UNMARKED[c]!)
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The performance mark the renderer makes when a search's results are in the DOM; the keystroke bench reads it. */
export const SEARCH_SHOWN_MARK = 'patients.search.shown';
