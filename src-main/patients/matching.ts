import { distance } from 'fastest-levenshtein';
import { areFoldedNicknames } from '../../src-shared/patients/nicknames';
import { isCalendarDate } from '../../src-shared/dates';
import { boundedMemo } from '../../src-shared/memo';
import { foldName } from '../../src-shared/patients/search-query';
import { rowReader } from '../store/row-statements';
import type { Store } from '../store/store';
import { metaphone, nameKeys } from './name-keys';
import { UNMERGED } from './search';
import { patients, type PatientRow } from './table';

/**
 * Duplicate detection before a patient is created: a probabilistic record match in
 * the Fellegi-Sunter spirit. Each field adds a weight when it agrees (more for a
 * rarer kind of agreement) and subtracts one when it clearly disagrees; the sum is
 * the score. Names and date of birth carry most of it, because twins share a
 * surname, an address and a phone, and a parent and child can share a whole name.
 */

export interface MatchProbe {
  firstName: string;
  middleName?: string | null;
  lastName: string;
  preferredName?: string | null;
  dateOfBirth: string; // ISO
  phones: readonly string[]; // E.164
  addressLine1?: string | null;
  postalCode?: string | null;
}

export interface MatchResult {
  score: number;
  level: 'likely' | 'possible' | 'unlikely';
  reasons: string[];
}

/** At or above: warn and ask before creating. */
export const LIKELY = 60;
/** At or above: show as a possible match. */
export const POSSIBLE = 45;

const W = {
  nameExact: 20,
  firstNickname: 16,
  namePhonetic: 14,
  nameTypo: 12,
  lastNamePart: 14,
  firstInitial: 4,
  firstDisagree: -25,
  lastDisagree: -20,
  dobExact: 30,
  dobSwap: 22,
  dobTransposed: 22,
  dobTypo: 14,
  dobDisagree: -35,
  phone: 10,
  address: 8,
};

type NameAgreement = { weight: number; reason: string | null };

/**
 * A name's folded words (and the words run together), remembered: a duplicate check
 * compares each of up to a hundred or so candidates' names several ways, and folding
 * (Unicode decomposition and a few expressions) cost a fifth of the check. Bounded, in
 * memory only (names are PHI: see `boundedMemo`).
 */
const foldedName = boundedMemo((name: string) => {
  const words = foldName(name).split(/\s+/).filter(Boolean);
  return { words, joined: words.join('') };
}, 50_000);
const words = (name: string): string[] => foldedName(name).words;
const joined = (name: string): string => foldedName(name).joined;

/**
 * Surnames compare on both double-metaphone codes (Schmidt ~ Smith); given names on
 * the primary code only, since the secondary one makes Aiden sound like Ethan, and
 * twins are often given names that close.
 */
function phoneticEqual(a: string, b: string, both: boolean): boolean {
  const [a1, a2] = metaphone(a);
  const [b1, b2] = metaphone(b);
  if (!a1) return false;
  if (!both) return a1 === b1;
  return a1 === b1 || a1 === b2 || (a2 !== '' && (a2 === b1 || a2 === b2));
}

/** One or two typed characters off, allowing more in longer names. */
function typoClose(a: string, b: string): boolean {
  const allowed = Math.min(a.length, b.length) <= 5 ? 1 : 2;
  return distance(a, b) <= allowed;
}

/** How a given name the probe goes by agrees with a stored one (both folded), or null if not at all. */
function firstNameAgreement(p: string, s: string): NameAgreement | null {
  if (p === s) return { weight: W.nameExact, reason: 'same first name' };
  if (areFoldedNicknames(p, s)) return { weight: W.firstNickname, reason: `first name ${p} is a form of ${s}` };
  if (phoneticEqual(p, s, false)) return { weight: W.namePhonetic, reason: 'first names sound alike' };
  if (typoClose(p, s)) return { weight: W.nameTypo, reason: 'first names differ by a typo' };
  if ((p.length === 1 || s.length === 1) && p[0] === s[0])
    return { weight: W.firstInitial, reason: 'same first initial' };
  return null;
}

/** `probe`: the given names the person goes by, folded and joined; `stored`: a stored patient's first and preferred names. */
function compareFirst(probe: readonly string[], stored: readonly string[]): NameAgreement {
  // Any name the person goes by (first, preferred) may match any stored one; the first best kept.
  let best: NameAgreement = { weight: W.firstDisagree, reason: null };
  for (const p of probe) {
    for (const name of stored) {
      const s = joined(name);
      const agreement = s ? firstNameAgreement(p, s) : null;
      if (agreement && agreement.weight > best.weight) best = agreement;
    }
  }
  return best;
}

function compareLast(p: string, s: string): NameAgreement {
  const a = joined(p);
  const b = joined(s);
  if (!a || !b) return { weight: 0, reason: null };
  if (a === b) return { weight: W.nameExact, reason: 'same last name' };
  const partsB = words(s);
  for (const x of words(p)) {
    if (x.length > 1 && partsB.includes(x)) return { weight: W.lastNamePart, reason: 'last names share a part' };
  }
  if (phoneticEqual(a, b, true)) return { weight: W.namePhonetic, reason: 'last names sound alike' };
  if (typoClose(a, b)) return { weight: W.nameTypo, reason: 'last names differ by a typo' };
  return { weight: W.lastDisagree, reason: null };
}

/** Dates typed wrong in the ways people type them wrong (`swapped`: the probe's day and month swapped, if a date). */
function compareDob(probe: string, swapped: string | null, stored: string): NameAgreement {
  if (probe === stored) return { weight: W.dobExact, reason: 'same date of birth' };
  if (swapped === stored) return { weight: W.dobSwap, reason: 'day and month of birth swapped' };
  const a = usDigits(probe);
  const b = usDigits(stored);
  let differ = 0;
  let i = -1;
  let j = -1;
  for (let k = 0; k < a.length; k++) {
    if (a[k] === b[k]) continue;
    differ++;
    if (i < 0) i = k;
    else j = k;
  }
  if (differ === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i])
    return { weight: W.dobTransposed, reason: 'two digits of the date of birth transposed' };
  if (differ === 1) return { weight: W.dobTypo, reason: 'date of birth differs by one digit' };
  return { weight: W.dobDisagree, reason: null };
}

const usDigits = (iso: string) => `${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(0, 4)}`;

/**
 * A real calendar date in a year a living patient can be born in. Not a later year than next
 * year: no date of birth on file is in the future (intake refuses one; the year after allows
 * for a workstation whose clock ran ahead), so looking such a date up finds nobody. Of the
 * dates one digit away that is about a third (2010 -> 2030…2090, 3010…9010), each one more
 * index page to read at a million patients (decision 0341).
 */
const realDate = (y: number, m: number, d: number, latestYear: number): boolean =>
  y > 1800 && y <= latestYear && m >= 1 && m <= 12 && d >= 1 && d <= 31 && isCalendarDate(y, m, d);
const latestBirthYear = () => new Date().getFullYear() + 1;
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function dayMonthSwapped(date: string): string | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return m !== d && realDate(y, d, m, latestBirthYear()) ? iso(y, d, m) : null;
}

/** The dates a mistyped date of birth could have been meant as: the blocking keys for candidates. */
export function dobVariants(date: string): string[] {
  const out = new Set([date]);
  const swapped = dayMonthSwapped(date);
  if (swapped) out.add(swapped);
  const digits = usDigits(date);
  const latest = latestBirthYear();
  for (let i = 0; i < digits.length - 1; i++) {
    const t = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    const [m, d, y] = [Number(t.slice(0, 2)), Number(t.slice(2, 4)), Number(t.slice(4))];
    if (t !== digits && realDate(y, m, d, latest)) out.add(iso(y, m, d));
  }
  return [...out];
}

/**
 * The real dates one mistyped digit away (in the MM/DD/YYYY a coordinator types):
 * what `compareDob` scores as a one-digit typo. A stored patient whose names sound
 * like the probe's can only reach "possible" with a date of birth this close (or the
 * exact, swapped or transposed dates of `dobVariants`), so the name blocking key is
 * looked up with these dates only (decision 0311).
 */
export function dobOneDigitVariants(date: string): string[] {
  const [y0, m0, d0] = date.split('-').map(Number) as [number, number, number];
  const out: string[] = [];
  const latest = latestBirthYear();
  // Each digit of MM DD YYYY in turn, changed by arithmetic: only the real dates become strings
  // (a string or an array per try was most of what a save allocated in its duplicate check).
  for (const [part, place] of ONE_DIGIT_PLACES) {
    const value = part === 0 ? m0 : part === 1 ? d0 : y0;
    const digit = Math.floor(value / place) % 10;
    for (let d = 0; d <= 9; d++) {
      if (d === digit) continue;
      const changed = value + (d - digit) * place;
      const y = part === 2 ? changed : y0;
      const m = part === 0 ? changed : m0;
      const day = part === 1 ? changed : d0;
      if (realDate(y, m, day, latest)) out.push(iso(y, m, day));
    }
  }
  return out;
}
/** The digits of MM DD YYYY as (part: 0 month, 1 day, 2 year; place value), in the order they are typed. */
const ONE_DIGIT_PLACES: ReadonlyArray<readonly [0 | 1 | 2, number]> = [
  [0, 10], [0, 1], [1, 10], [1, 1], [2, 1000], [2, 100], [2, 10], [2, 1],
]; // prettier-ignore

/**
 * An address line folded for comparison, remembered (the probe's is compared with every
 * same-date candidate's). Bounded, in memory only (addresses are PHI: see `boundedMemo`).
 */
const foldedAddress = boundedMemo(
  (line: string) =>
    foldName(line)
      .replace(/\b(street|st)\b/g, 'st')
      .replace(/\b(avenue|ave)\b/g, 'ave')
      .replace(/\b(road|rd)\b/g, 'rd')
      .replace(/\s+/g, ' '),
  50_000,
);
const normalAddress = (line: string | null | undefined) => foldedAddress(line ?? '');

/** The score of one stored patient against what intake typed, with the reasons a coordinator reads. */
export function scoreMatch(probe: MatchProbe, stored: MatchProbe): MatchResult {
  return new ProbeScorer(probe).score(stored);
}

type StoredNames = Pick<MatchProbe, 'firstName' | 'lastName' | 'preferredName' | 'dateOfBirth'>;

/**
 * One probe scored against many stored patients, as a duplicate check does (at a million
 * patients, a hundred or more born on the probe's dates): what depends on the probe alone is
 * worked out once, and each stored name and date is compared with the probe's once per check,
 * since the patients of a block share names and dates. The scores and reasons are
 * `scoreMatch`'s (it is this with one patient).
 */
class ProbeScorer {
  private readonly firstNames: string[];
  private readonly swappedDob: string | null;
  /** The probe's address, when it has one to compare (a postal code and a line). */
  private readonly address: string | null;
  /** Stored first (and preferred) name -> agreement; stored first name -> agreement with the probe's last name. */
  private readonly firsts = new Map<string, NameAgreement>();
  private readonly crossFirsts = new Map<string, NameAgreement>();
  /** Stored last name -> agreement with the probe's last name, and with its first name (crosswise). */
  private readonly lasts = new Map<string, readonly [NameAgreement, NameAgreement]>();
  private readonly dobs = new Map<string, NameAgreement>();

  constructor(private readonly probe: MatchProbe) {
    this.firstNames = [joined(probe.firstName), joined(probe.preferredName ?? '')].filter(Boolean);
    this.swappedDob = dayMonthSwapped(probe.dateOfBirth);
    this.address =
      probe.postalCode && normalAddress(probe.addressLine1) !== '' ? normalAddress(probe.addressLine1) : null;
  }

  score(stored: MatchProbe): MatchResult {
    const reasons: string[] = [];
    let score = this.namesAndDate(stored, reasons);
    if (this.probe.phones.some((p) => stored.phones.includes(p))) {
      score += W.phone;
      reasons.push('same phone');
    }
    if (
      this.address !== null &&
      this.probe.postalCode!.slice(0, 5) === stored.postalCode?.slice(0, 5) &&
      this.address === normalAddress(stored.addressLine1)
    ) {
      score += W.address;
      reasons.push('same address');
    }
    const level = score >= LIKELY ? 'likely' : score >= POSSIBLE ? 'possible' : 'unlikely';
    return { score, level, reasons };
  }

  /** The score of a stored patient of whom only names and date are known, were its phone and address the probe's. */
  atBest(stored: StoredNames): number {
    return (
      this.namesAndDate(stored, null) +
      (this.probe.phones.length > 0 ? W.phone : 0) +
      (this.address !== null ? W.address : 0)
    );
  }

  private namesAndDate(stored: StoredNames, reasons: string[] | null): number {
    const first = this.first(stored);
    const [last, crossLast] = this.last(stored.lastName);
    // First and last typed the wrong way round: compare crosswise and keep the better reading.
    const crossFirst = this.crossFirst(stored.firstName);
    let score: number;
    if (crossFirst.weight + crossLast.weight > first.weight + last.weight + 10) {
      score = crossFirst.weight + crossLast.weight - 4;
      reasons?.push('first and last names swapped');
    } else {
      score = first.weight + last.weight;
      if (first.reason) reasons?.push(first.reason);
      if (last.reason) reasons?.push(last.reason);
    }
    const dob = this.dob(stored.dateOfBirth);
    if (dob.reason) reasons?.push(dob.reason);
    return score + dob.weight;
  }

  private first(stored: StoredNames): NameAgreement {
    const key = `${stored.firstName}\u0000${stored.preferredName ?? ''}`;
    let a = this.firsts.get(key);
    if (!a) {
      a = compareFirst(this.firstNames, [stored.firstName, stored.preferredName ?? '']);
      this.firsts.set(key, a);
    }
    return a;
  }

  private crossFirst(storedFirst: string): NameAgreement {
    let a = this.crossFirsts.get(storedFirst);
    if (!a) {
      const probeLast = joined(this.probe.lastName);
      a = compareFirst(probeLast ? [probeLast] : [], [storedFirst]);
      this.crossFirsts.set(storedFirst, a);
    }
    return a;
  }

  private last(storedLast: string): readonly [NameAgreement, NameAgreement] {
    let a = this.lasts.get(storedLast);
    if (!a) {
      a = [compareLast(this.probe.lastName, storedLast), compareLast(this.probe.firstName, storedLast)];
      this.lasts.set(storedLast, a);
    }
    return a;
  }

  private dob(stored: string): NameAgreement {
    let a = this.dobs.get(stored);
    if (!a) {
      a = compareDob(this.probe.dateOfBirth, this.swappedDob, stored);
      this.dobs.set(stored, a);
    }
    return a;
  }
}

export interface DuplicateCandidate {
  patient: PatientRow;
  match: MatchResult;
}

const MAX_CANDIDATES = 1_500;

const readPatient = rowReader<PatientRow>(patients);
type CandidateKeys = Record<'rowids' | 'last' | 'first' | 'nameDobs', string>;
type SameDate = Pick<PatientRow, 'firstName' | 'lastName' | 'preferredName' | 'dateOfBirth'> & { rowid: number };

/**
 * The queries of a duplicate check, prepared once per store: preparing SQL costs more
 * than running it here. Lists travel as JSON arrays (json_each), so one statement
 * serves any number of dates or phones.
 *
 * Every blocking key is an index probe that yields rowids from the index alone, and a
 * candidate's row is read once, by rowid (decision 0330). The largest block, everyone
 * born on one of the probe's dates, comes from `patients_dob_keys_names` with the names
 * scoring needs, so its rows are read only for the few that can match.
 */
const duplicateQueries = (store: Store) =>
  store.prepared('patients.duplicates', ({ sqlite }) => ({
    // Patients holding any of the probe's phones, with the number they share.
    sharingPhone: sqlite.prepare<[string], { rowid: number; patient_id: string; number: string }>(
      `SELECT p.rowid AS rowid, ph.patient_id, ph.number FROM patient_phones ph JOIN patients p ON p.id = ph.patient_id
       WHERE ph.number IN (SELECT value FROM json_each(?))`,
    ),
    sameDate: sqlite.prepare<[string], SameDate>(
      `SELECT rowid, first_name AS firstName, last_name AS lastName, preferred_name AS preferredName, date_of_birth AS dateOfBirth
       FROM patients WHERE date_of_birth IN (SELECT value FROM json_each(?)) AND merged_into IS NULL LIMIT ${MAX_CANDIDATES}`,
    ),
    // `rowids`: the same-date patients who can match and those sharing a phone; the
    // phonetic name keys either way round, with the dates that can score (`nameDobs`).
    candidates: sqlite.prepare<[CandidateKeys], Record<string, unknown>>(
      `SELECT * FROM patients WHERE rowid IN (
        SELECT value FROM json_each(@rowids)
        UNION SELECT rowid FROM patients WHERE last_name_key = @last AND first_name_key = @first AND date_of_birth IN (SELECT value FROM json_each(@nameDobs))
        UNION SELECT rowid FROM patients WHERE last_name_key = @first AND first_name_key = @last AND date_of_birth IN (SELECT value FROM json_each(@nameDobs))
        LIMIT ${MAX_CANDIDATES}) AND ${UNMERGED}`,
    ),
  }));

/**
 * The stored patients who may be the person being registered, best first. Candidates
 * come from indexed blocking keys only (date of birth and its likely typos, any
 * phone, the phonetic name keys either way round with a date of birth that could
 * score), so the check stays fast at a million patients; each candidate is then
 * scored in full.
 *
 * A stored patient's phones are only compared for sharing one with the probe, so the
 * phone key's own answer is all scoring needs: no candidate's phones are read. A
 * same-date patient is first scored from the index as if its phone and address agreed
 * too; below "possible" even so, its row is never read.
 */
export function findDuplicates(store: Store, probe: MatchProbe, limit = 5): DuplicateCandidate[] {
  const keys = nameKeys(probe.firstName, probe.lastName);
  const q = duplicateQueries(store);
  const shared = new Map<string, string[]>();
  const rowids = new Set<number>();
  if (probe.phones.length > 0) {
    for (const p of q.sharingPhone.all(JSON.stringify(probe.phones))) {
      shared.set(p.patient_id, [...(shared.get(p.patient_id) ?? []), p.number]);
      rowids.add(p.rowid);
    }
  }
  const dobs = dobVariants(probe.dateOfBirth);
  const scorer = new ProbeScorer(probe);
  for (const s of q.sameDate.all(JSON.stringify(dobs))) {
    if (!rowids.has(s.rowid) && scorer.atBest(s) >= POSSIBLE) rowids.add(s.rowid);
  }
  const rows = q.candidates
    .all({
      rowids: JSON.stringify([...rowids]),
      last: keys.lastNameKey,
      first: keys.firstNameKey,
      nameDobs: JSON.stringify([...dobs, ...dobOneDigitVariants(probe.dateOfBirth)]),
    })
    .map(readPatient);
  return rows
    .map((patient) => ({
      patient,
      // Its first phone stands in for a record without phone rows (as the chart shows it).
      match: scorer.score({ ...patient, phones: shared.get(patient.id) ?? [patient.phone] }),
    }))
    .filter((c) => c.match.level !== 'unlikely')
    .sort((a, b) => b.match.score - a.match.score)
    .slice(0, limit);
}
