import { doubleMetaphone } from 'double-metaphone';
import { foldName } from '../../src-shared/patients/search-query';

/**
 * The phonetic key of a name part: the primary double-metaphone code of its first
 * word, accents and case folded. "Catherine" and "Kathryn" share one; so do
 * "Schmidt" and "Smith" under the secondary code, which matching also compares.
 */
export function phoneticKey(name: string): string {
  const word = foldName(name).split(/\s+/)[0] ?? '';
  return word ? doubleMetaphone(word)[0] : '';
}

export function nameKeys(firstName: string, lastName: string): { firstNameKey: string; lastNameKey: string } {
  return { firstNameKey: phoneticKey(firstName), lastNameKey: phoneticKey(lastName) };
}
