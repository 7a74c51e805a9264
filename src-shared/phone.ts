import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The clinic's country; numbers typed without a country code are read as this. */
export const DEFAULT_COUNTRY = 'US';

/** Any common way of typing a phone number -> E.164 (`+16175550123`), or null. */
export function normalizePhone(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), DEFAULT_COUNTRY);
  return parsed?.isValid() ? parsed.number : null;
}

/** E.164 -> the national format a person reads, `(617) 555-0123`. */
export function displayPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? (parsed.country === DEFAULT_COUNTRY ? parsed.formatNational() : parsed.formatInternational()) : e164;
}
