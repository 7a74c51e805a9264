import { doubleMetaphone } from 'double-metaphone';
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

const codes = new Map<string, [string, string]>();
/**
 * Double metaphone, remembered: names repeat (a clinic has many Marias and Smiths),
 * and a duplicate check compares hundreds of stored names, each costing microseconds
 * to encode. The memo is dropped whole when it grows large, so it stays bounded.
 */
export function metaphone(word: string): [string, string] {
  let code = codes.get(word);
  if (!code) {
    if (codes.size >= 50_000) codes.clear();
    code = doubleMetaphone(word);
    codes.set(word, code);
  }
  return code;
}

export function nameKeys(firstName: string, lastName: string): { firstNameKey: string; lastNameKey: string } {
  return { firstNameKey: phoneticKey(firstName), lastNameKey: phoneticKey(lastName) };
}
