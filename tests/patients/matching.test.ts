import { afterEach, describe, expect, it } from 'vitest';
import { containing, having, including, matching } from './matchers';
import { dobOneDigitVariants, dobVariants, scoreMatch, type MatchProbe } from '../../src-main/patients/matching';
import { intakeSchema } from '../../src-shared/patients/intake';
import { patientDuplicateOverrides } from '../../src-main/patients/table';
import { auditEvents } from '../../src-main/audit/table';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { minimalIntake } from './fixtures';

const person = (
  firstName: string,
  lastName: string,
  dateOfBirth: string,
  extra: Partial<MatchProbe> = {},
): MatchProbe => ({ firstName, lastName, dateOfBirth, phones: [], ...extra });

const home = { phones: ['+16175550123'], addressLine1: '14 Cedar Street', postalCode: '02139' };

// [what the coordinator typed, who is on file, expected level, a reason that must be given]
const CASES: Array<[string, MatchProbe, MatchProbe, 'likely' | 'possible' | 'unlikely', string?]> = [
  // True duplicates
  ['the same person typed again', person('Robert', 'Johnson', '1970-03-12', home), person('Robert', 'Johnson', '1970-03-12', home), 'likely', 'same date of birth'],
  ['a nickname', person('Bob', 'Johnson', '1970-03-12'), person('Robert', 'Johnson', '1970-03-12'), 'likely', 'first name bob is a form of robert'],
  ['letters of the last name swapped', person('Robert', 'Jonhson', '1970-03-12'), person('Robert', 'Johnson', '1970-03-12'), 'likely', 'last names sound alike'],
  ['a typo that changes the sound', person('Robert', 'Kohnson', '1970-03-12'), person('Robert', 'Johnson', '1970-03-12'), 'likely', 'last names differ by a typo'],
  ['a typo in the first name', person('Robery', 'Johnson', '1970-03-12'), person('Robert', 'Johnson', '1970-03-12'), 'likely', 'first names differ by a typo'],
  ['a name spelled as it sounds', person('Aleksandr', 'Petroff', '1948-11-02'), person('Alexander', 'Petrov', '1948-11-02'), 'likely', 'last names sound alike'],
  ['accents left off', person('Jose', 'Nunez', '1955-01-30'), person('José', 'Núñez', '1955-01-30'), 'likely', 'same last name'],
  ['first and last swapped', person('Nguyen', 'Lan', '1991-06-18'), person('Lan', 'Nguyen', '1991-06-18'), 'likely', 'first and last names swapped'],
  ['day and month swapped', person('Priya', 'Raman', '1985-04-07'), person('Priya', 'Raman', '1985-07-04'), 'likely', 'day and month of birth swapped'],
  ['two digits of the day transposed', person('Priya', 'Raman', '1985-07-12'), person('Priya', 'Raman', '1985-07-21'), 'likely', 'two digits of the date of birth transposed'],
  ['two digits of the year transposed', person('Grace', 'Odum', '1979-02-20'), person('Grace', 'Odum', '1997-02-20'), 'likely', 'two digits of the date of birth transposed'],
  ['one part of a double-barrelled surname', person('Rosalind', 'Okonkwo', '1958-07-25'), person('Rosalind', 'Okonkwo-Brandt', '1958-07-25'), 'likely', 'last names share a part'],
  ['the preferred name typed as first name', person('Majo', 'Ortiz', '1987-04-09'), person('María', 'Ortiz', '1987-04-09', { preferredName: 'Majo' }), 'likely', 'same first name'],
  ['a new married name, same phone and home', person('Maria', 'Lopez', '1980-09-09', home), person('Maria', 'Garcia', '1980-09-09', home), 'possible', 'same phone'],
  // True non-duplicates
  ['twins: same surname, birthday, phone and home', person('Aiden', 'Carter', '2012-05-05', home), person('Ethan', 'Carter', '2012-05-05', home), 'unlikely'],
  ['parent and child with the same name', person('John', 'Smith', '1992-08-15', home), person('John', 'Smith', '1960-05-01', home), 'unlikely'],
  ['spouses', person('Ana', 'Silva', '1975-03-03', home), person('Paulo', 'Silva', '1973-11-21', home), 'unlikely'],
  ['strangers who share a birthday', person('Wei', 'Chen', '1990-01-01'), person('Olga', 'Ivanova', '1990-01-01'), 'unlikely'],
  ['same common name, different birthday, different phone', person('Michael', 'Brown', '1983-10-10'), person('Michael', 'Brown', '1971-02-14'), 'unlikely'],
]; // prettier-ignore

describe('duplicate scoring', () => {
  it.each(CASES)('%s', (_name, typed, stored, level, reason) => {
    const result = scoreMatch(typed, stored);
    expect(result.level, JSON.stringify(result)).toBe(level);
    if (reason) expect(result.reasons).toContain(reason);
  });

  it('lists the dates a mistyped date of birth may have meant', () => {
    expect(dobVariants('1985-04-07')).toEqual(including(['1985-04-07', '1985-07-04', '1958-04-07', '1985-04-07']));
    // Invalid transpositions (month 40) are not produced.
    expect(dobVariants('1985-04-07').every((d) => /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/.test(d))).toBe(true);
  });

  it('lists the real dates one typed digit away, for the name blocking key', () => {
    const near = dobOneDigitVariants('1970-03-12');
    expect(near).toEqual(including(['1971-03-12', '1970-03-13', '1970-08-12', '1970-03-02', '1979-03-12']));
    expect(near).not.toContain('1970-03-12');
    // No month 13 or 0, no 31 April: a date that is not real is never looked up.
    expect(near.every((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && !/-(00|1[3-9])-/.test(d))).toBe(true);
    expect(dobOneDigitVariants('1985-04-30')).not.toContain('1985-04-31');
    // Nobody on file was born in the future: such a year is never looked up either.
    const young = dobOneDigitVariants('2010-06-15');
    expect(young).toEqual(including(['2011-06-15', '2000-06-15', '2019-06-15']));
    expect(young).not.toContain('2090-06-15');
    expect(young.every((d) => Number(d.slice(0, 4)) <= new Date().getFullYear() + 1)).toBe(true);
  });
});

describe('duplicate detection before creating a patient', () => {
  const apps: TestCareDesk[] = [];
  afterEach(() => apps.splice(0).forEach((a) => a.dispose()));
  const actor = { userId: 'u1' };

  function withPatients() {
    const app = freshCareDesk();
    apps.push(app);
    const add = (f: string, l: string, dob: string, phone: string) =>
      app.patients.intake({ intake: intakeSchema.parse(minimalIntake(f, l, dob, phone)) }, actor);
    return {
      app,
      robert: add('Robert', 'Johnson', '03/12/1970', '617-555-0101'),
      aiden: add('Aiden', 'Carter', '05/05/2012', '617-555-0123'),
      lan: add('Lan', 'Nguyen', '06/18/1991', '617-555-0150'),
    };
  }

  it('finds the patient on file through each blocking key, with score and reasons', () => {
    const { app, robert, lan } = withPatients();
    const check = (f: string, l: string, dob: string, phone: string) =>
      app.patients.duplicates(intakeSchema.parse(minimalIntake(f, l, dob, phone)));
    expect(check('Bob', 'Johnson', '03/12/1970', '857-555-0199')[0]).toMatchObject({
      patient: { id: robert.id },
      level: 'likely',
      reasons: including(['first name bob is a form of robert']),
    });
    // Found through the phonetic key although the date was typed day-first.
    expect(check('Robert', 'Jonson', '12/03/1970', '857-555-0199')[0]?.patient.id).toBe(robert.id);
    // Found through the swapped name keys.
    expect(check('Nguyen', 'Lan', '06/18/1991', '857-555-0199')[0]?.patient.id).toBe(lan.id);
    // A twin is not offered as a duplicate.
    expect(check('Ethan', 'Carter', '05/05/2012', '617-555-0123')).toEqual([]);
  });

  it('finds a name that sounds the same with a birth year one digit off, names either way round', () => {
    const { app, robert, lan } = withPatients();
    const check = (f: string, l: string, dob: string) =>
      app.patients.duplicates(intakeSchema.parse(minimalIntake(f, l, dob, '857-555-0199')));
    // Neither the date (not a swap or transposition of 1970) nor the phone is shared:
    // only the phonetic name key, looked up with the dates one digit away, finds them.
    expect(check('Robert', 'Jonson', '03/12/1971')[0]).toMatchObject({
      patient: { id: robert.id },
      level: 'possible',
      reasons: including(['date of birth differs by one digit']),
    });
    expect(check('Nguyen', 'Lan', '06/18/1992')[0]?.patient.id).toBe(lan.id);
    // The same names born decades apart (a parent and child) are not candidates.
    expect(check('Robert', 'Johnson', '03/12/1998')).toEqual([]);
  });

  it('offers a patient born the same day under another last name when the phone and address agree too', () => {
    const app = freshCareDesk();
    apps.push(app);
    const at = (f: string, l: string, phone: string, line1: string) => {
      const intake = minimalIntake(f, l, '08/21/1984', phone);
      intake.contact.address = { line1, line2: '', city: 'Cambridge', state: 'MA', postalCode: '02139' };
      return intakeSchema.parse(intake);
    };
    const maria = app.patients.intake({ intake: at('Maria', 'Santos', '617-555-0160', '14 Cedar Street') }, actor);
    app.patients.intake({ intake: at('Grace', 'Okafor', '617-555-0161', '9 Elm Road') }, actor);
    // Married since: a new last name, the same first name, date, phone and home.
    const found = app.patients.duplicates(at('Maria', 'Okafor', '617-555-0160', '14 Cedar St'));
    expect(found.map((c) => c.patient.id)).toEqual([maria.id]);
    expect(found[0]).toMatchObject({ level: 'possible', reasons: including(['same phone', 'same address']) });
    // Born the same day with another name, phone and home: nobody is offered.
    expect(app.patients.duplicates(at('Maria', 'Okafor', '617-555-0199', '3 Oak Avenue'))).toEqual([]);
  });

  it('scores each patient of a crowded birthday on its own names, as if it were the only one', () => {
    const app = freshCareDesk();
    apps.push(app);
    // Born the same day, sharing first names, last names or both in every combination: a
    // check compares each stored name once and reuses the answer for the next patient.
    const stored: MatchProbe[] = [];
    const ids: string[] = [];
    ['Robert', 'Bob', 'Roberta', 'Maria', 'R'].forEach((first, i) =>
      ['Johnson', 'Jonson', 'Johnson-Okafor', 'Garcia'].forEach((last, j) => {
        const phone = `617-555-${String(200 + i * 10 + j).padStart(4, '0')}`;
        const intake = intakeSchema.parse(minimalIntake(first, last, '03/12/1970', phone));
        // Look-alikes of one another, registered on purpose.
        const review = { candidateIds: ids.slice(), reason: 'a different person' };
        ids.push(app.patients.intake({ intake, duplicateReview: review }, actor).id);
        stored.push(person(first, last, '1970-03-12', { phones: [intake.contact.phones[0]!.number] }));
      }),
    );
    const typed = person('Bob', 'Johnson', '1970-03-12', { phones: ['+18575550199'] });
    const alone = stored
      .map((s) => ({ name: `${s.firstName} ${s.lastName}`, ...scoreMatch(typed, s) }))
      .filter((r) => r.level !== 'unlikely')
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const found = app.patients.duplicates(
      intakeSchema.parse(minimalIntake('Bob', 'Johnson', '03/12/1970', '857-555-0199')),
    );
    expect(
      found.map((c) => ({ name: `${c.patient.firstName} ${c.patient.lastName}`, score: c.score, reasons: c.reasons })),
    ).toEqual(alone.map(({ name, score, reasons }) => ({ name, score, reasons })));
    expect(found[0]).toMatchObject({
      patient: { firstName: 'Bob', lastName: 'Johnson' },
      reasons: including(['same first name', 'same last name']),
    });
  });

  it('refuses to create a likely duplicate until the coordinator says why, and keeps the reason', async () => {
    const { app, robert } = withPatients();
    const intake = minimalIntake('Bob', 'Johnson', '03/12/1970', '617-555-0101');
    const refused = await app.router('patients.intake', { intake }, fromWindow);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: containing(robert.mrn) },
    });

    const created = await app.router(
      'patients.intake',
      {
        intake,
        duplicateReview: { candidateIds: [robert.id], reason: 'Different person: son, same name, lives with father' },
      },
      fromWindow,
    );
    expect(created.ok).toBe(true);
    const id = (created as { value: { id: string } }).value.id;
    expect(app.store.db.select().from(patientDuplicateOverrides).all()).toEqual([
      having({
        patientId: id,
        candidateIds: JSON.stringify([robert.id]),
        reason: matching(/son/),
      }),
    ]);
    // The audit entry of the create names the patients the coordinator chose between.
    const audit = app.store.db.select().from(auditEvents).all().at(-1)!;
    expect(audit.action).toBe('create');
    expect(JSON.parse(audit.patientIds)).toEqual([id, robert.id]);
  });
});
