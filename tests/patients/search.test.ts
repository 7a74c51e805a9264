import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeSchema } from '../../src-shared/patients/intake';
import type { Patient } from '../../src-shared/patients/schemas';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { minimalIntake } from './fixtures';

let app: TestCareDesk;
const ids: Record<string, string> = {};
const mrn: Record<string, string> = {};
beforeAll(() => {
  app = freshCareDesk();
  const add = (key: string, first: string, last: string, dob: string, phones: string[]) => {
    const i = minimalIntake(first, last, dob, phones[0]!);
    i.contact.phones = phones.map((number) => ({ number }));
    const p = app.patients.intake({ intake: intakeSchema.parse(i) }, { userId: 'u1' });
    ids[key] = p.id;
    mrn[key] = p.mrn;
  };
  add('ann', 'Ann', 'Lee', '01/02/1950', ['617-555-0100']);
  add('annabel', 'Annabel', 'Leeds', '03/04/1960', ['617-555-0101']);
  add('zoe', 'Zoë', 'Łukasiewicz-Ortíz', '12/31/1999', ['617-555-0102', '+44 20 7946 0958']);
  add('siobhan', 'Siobhán', "O'Connor", '07/07/1977', ['(857) 555-0103']);
  add('lee', 'Lee', 'Annand', '01/02/1950', ['617-555-0104']);
});
afterAll(() => app.dispose());

const found = (q: string) => app.patients.search(q, 25).map((p: Patient) => p.id);

describe('patient search', () => {
  it.each([
    ['last first', 'lee ann', 'ann'],
    ['partial words', 'ann le', 'ann'],
    ['without accents', 'zoe lukasiewicz', 'zoe'],
    ['with accents, any case', 'ZOË ŁUKASIEWICZ-ORTÍZ', 'zoe'],
    ['one part of a double surname', 'ortiz', 'zoe'],
    ['an apostrophe left out', 'oconnor', 'siobhan'],
    ['an apostrophe typed', "o'connor siob", 'siobhan'],
  ])('finds by name: %s (%s)', (_how, query, who) => {
    expect(found(query)[0]).toBe(ids[who]);
  });

  it('ranks whole-word matches above prefixes', () => {
    expect(found('ann lee').slice(0, 3)).toEqual([ids.ann, ids.lee, ids.annabel]);
  });

  it.each(['01/02/1950', '1/2/1950', '01-02-1950', '01021950', '1950-01-02'])(
    'finds by date of birth typed %s',
    (q) => {
      expect(found(q).sort()).toEqual([ids.ann, ids.lee].sort());
    },
  );

  it.each(['857-555-0103', '(857) 555-0103', '8575550103', '+1 857 555 0103', '857.555.0103'])(
    'finds by phone typed %s',
    (q) => expect(found(q)).toEqual([ids.siobhan]),
  );

  it('finds a phone still being typed, from its start or by its last digits', () => {
    expect(found('(857) 555-0')).toEqual([ids.siobhan]);
    expect(found('555-0103')).toEqual([ids.siobhan]);
  });

  it('finds by any of a patient’s phones, foreign numbers included', () => {
    expect(found('+44 20 7946 0958')).toEqual([ids.zoe]);
    expect(found('617-555-0102')).toEqual([ids.zoe]);
  });

  it('finds by MRN, with or without the dash, in any case', () => {
    expect(found(mrn.zoe!)).toEqual([ids.zoe]);
    expect(found(mrn.zoe!.replace('MRN-', 'mrn'))).toEqual([ids.zoe]);
  });

  it('finds nothing for nothing, and nothing for a stranger', () => {
    expect(found('   ')).toEqual([]);
    expect(found('nobody here')).toEqual([]);
    expect(found('"')).toEqual([]);
  });

  it('is audited as a search naming the patients shown', async () => {
    const result = await app.router('patients.search', { query: 'siobhan', limit: 5 }, fromWindow);
    expect(result).toMatchObject({ ok: true, value: [{ id: ids.siobhan }] });
    const last = app.store.sqlite
      .prepare('SELECT action, patient_ids FROM audit_events ORDER BY seq DESC LIMIT 1')
      .get() as { action: string; patient_ids: string };
    expect(last).toEqual({ action: 'search', patient_ids: JSON.stringify([ids.siobhan]) });
  });
});
