import type { CallerKind } from './schemas';

/**
 * A person on a patient's record. Patients will hold these (the patients slice);
 * until then the check below is given whatever people exist, often none.
 */
export interface PatientPerson {
  name: string;
  relationship: string;
  /** A signed authorization (or a legal status, such as a guardian) lets them hear health information. */
  mayReceiveHealthInformation: boolean;
  /** The last day the authorization holds, `YYYY-MM-DD`; null when it does not expire. */
  authorizedUntil: string | null;
}

export type DisclosureCheck = { allowed: true; message: string } | { allowed: false; message: string };

const authorizedOn = (p: PatientPerson, today: string) =>
  p.mayReceiveHealthInformation && (p.authorizedUntil === null || p.authorizedUntil >= today);

const sameName = (a: string, b: string) =>
  a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * May this caller be told about the patient's health? HIPAA allows disclosure to
 * the patient, to their personal representative, to people they authorized, and
 * to other providers, pharmacies and insurers for treatment and payment. Everyone
 * else gets a clear warning; the coordinator still logs the call.
 */
export function mayReceiveInformation(
  caller: { kind: CallerKind; name: string },
  people: readonly PatientPerson[],
  today: string,
): DisclosureCheck {
  switch (caller.kind) {
    case 'patient':
      return { allowed: true, message: 'The patient: verify name and date of birth before discussing care.' };
    case 'provider_office':
    case 'pharmacy':
      return { allowed: true, message: 'Allowed for treatment: share only what the request needs.' };
    case 'insurer':
      return { allowed: true, message: 'Allowed for payment: share only what the claim or benefit needs.' };
    case 'unknown':
      return { allowed: false, message: 'Unknown caller: do not share health information.' };
    case 'family':
    case 'representative': {
      const who = caller.name.trim() || 'This caller';
      // One person can be on the record twice (an emergency contact who later signed a
      // release): whichever entry authorizes them today counts.
      const named = people.filter((p) => sameName(p.name, caller.name));
      const person = named.find((p) => authorizedOn(p, today)) ?? named[0];
      if (!person)
        return {
          allowed: false,
          message: `${who} is not on the patient's list of people: do not share health information.`,
        };
      if (!person.mayReceiveHealthInformation)
        return {
          allowed: false,
          message: `${person.name} (${person.relationship}) may not receive health information.`,
        };
      if (person.authorizedUntil !== null && person.authorizedUntil < today)
        return {
          allowed: false,
          message: `${person.name}'s authorization ended on ${person.authorizedUntil}: do not share health information.`,
        };
      return { allowed: true, message: `${person.name} (${person.relationship}) may receive health information.` };
    }
  }
}
