import { doubleMetaphone } from 'double-metaphone';
import { boundedMemo } from '../../src-shared/memo';
import { foldName } from '../../src-shared/patients/search-query';

/**
 * The phonetic key of a name part: the primary double-metaphone code of its first
 * word, accents and case folded. "Catherine" and "Kathryn" share one; so do
 * "Schmidt" and "Smith" under the secondary code, which matching also compares.
 */
export function phoneticKey(name: string): string {
  const word = foldName(name).split(/\s+/)[0] ?? '';
  return word ? metaphone(word)[0] : '';
}

/**
 * Double metaphone, remembered: names repeat (a clinic has many Marias and Smiths),
 * and a duplicate check compares hundreds of stored names, each costing microseconds
 * to encode. Bounded, in memory only (names are PHI: see `boundedMemo`).
 */
export const metaphone: (word: string) => [string, string] = boundedMemo(doubleMetaphone, 50_000);

export function nameKeys(firstName: string, lastName: string): { firstNameKey: string; lastNameKey: string } {
  return { firstNameKey: phoneticKey(firstName), lastNameKey: phoneticKey(lastName) };
}
