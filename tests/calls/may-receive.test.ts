import { describe, expect, it } from 'vitest';
import { mayReceiveInformation, type PatientPerson } from '../../src-shared/calls/may-receive';
import type { CallerKind } from '../../src-shared/calls/schemas';

const TODAY = '2026-11-24';
const people: PatientPerson[] = [
  { name: 'Maria Lopez', relationship: 'Daughter', mayReceiveHealthInformation: true, authorizedUntil: null },
  { name: 'Jorge Lopez', relationship: 'Son', mayReceiveHealthInformation: false, authorizedUntil: null },
  { name: 'Ines Lopez', relationship: 'Sister', mayReceiveHealthInformation: true, authorizedUntil: '2026-01-31' },
  { name: 'Paul Grant', relationship: 'Guardian', mayReceiveHealthInformation: true, authorizedUntil: '2026-11-24' },
];

describe('may this caller receive health information', () => {
  const cases: Array<[string, CallerKind, string, boolean, RegExp]> = [
    ['the patient themself', 'patient', '', true, /verify name and date of birth/],
    ['an authorized daughter', 'family', 'Maria Lopez', true, /Maria Lopez \(Daughter\) may receive/],
    ['the same daughter typed loosely', 'family', '  maria   LOPEZ ', true, /may receive/],
    ['a son with no authorization', 'family', 'Jorge Lopez', false, /Jorge Lopez \(Son\) may not receive/],
    ['a sister whose authorization ended', 'family', 'Ines Lopez', false, /ended on 2026-01-31/],
    ['a guardian on the last day of the authorization', 'representative', 'Paul Grant', true, /may receive/],
    ['a neighbour nobody listed', 'family', 'Sam Neighbour', false, /Sam Neighbour is not on the patient's list/],
    ['a representative with no name given', 'representative', '', false, /This caller is not on/],
    ['an unknown caller', 'unknown', '', false, /Unknown caller/],
    ["a provider's office", 'provider_office', 'Dr Chen office', true, /treatment/],
    ['a pharmacy', 'pharmacy', 'CVS', true, /treatment/],
    ['an insurer', 'insurer', 'Acme Health', true, /payment/],
  ];
  it.each(cases)('%s', (_label, kind, name, allowed, message) => {
    const check = mayReceiveInformation({ kind, name }, people, TODAY);
    expect(check.allowed).toBe(allowed);
    expect(check.message).toMatch(message);
  });

  it('lets a person listed twice hear health information when either entry authorizes them today', () => {
    const twice: PatientPerson[] = [
      { name: 'Jorge Lopez', relationship: 'Son', mayReceiveHealthInformation: false, authorizedUntil: null },
      {
        name: 'Jorge Lopez',
        relationship: 'named in a signed release',
        mayReceiveHealthInformation: true,
        authorizedUntil: '2027-06-30',
      },
    ];
    expect(mayReceiveInformation({ kind: 'family', name: 'Jorge Lopez' }, twice, TODAY)).toEqual({
      allowed: true,
      message: 'Jorge Lopez (named in a signed release) may receive health information.',
    });
    // Once the release has ended, the first entry speaks for the record again.
    expect(mayReceiveInformation({ kind: 'family', name: 'Jorge Lopez' }, twice, '2027-07-01')).toMatchObject({
      allowed: false,
      message: 'Jorge Lopez (Son) may not receive health information.',
    });
  });

  it('warns about every family caller while the patient has no people on record', () => {
    expect(mayReceiveInformation({ kind: 'family', name: 'Maria Lopez' }, [], TODAY).allowed).toBe(false);
  });
});
