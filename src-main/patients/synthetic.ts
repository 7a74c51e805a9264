import type { Intake } from '../../src-shared/patients/intake';
import { blankIntake, intakeSchema } from '../../src-shared/patients/intake';

/**
 * Synthetic patients for tests, benchmarks and demos: households that share an
 * address and a home phone, twins, a parent and child with the same name,
 * look-alike names across households, names with accents, apostrophes and
 * hyphens, coverage for most, screening answers for some. Deterministic for a seed.
 * Every name, number and address is made up.
 */

const FIRST_F = [
  'María', 'Ana', 'Sofía', 'Lucía', 'Guadalupe', 'Mary', 'Catherine', 'Katherine', 'Kathryn', 'Elizabeth', 'Jennifer',
  'Aisha', 'Fatima', 'Amara', 'Chiamaka', 'Ngozi', 'Thảo', 'Linh', 'Mei', 'Xiu', 'Priya', 'Ananya', 'Zoë', 'Chloé',
  'Renée', 'Siobhán', 'Łucja', 'Agnieszka', 'Olga', 'Yekaterina', 'Ingrid', 'Björk', 'Hannah', 'Rebecca', 'Grace',
  'Eleanor', 'Nora', 'Abigail', 'Emily', 'Olivia', 'Ava', 'Eva', 'Isabella', 'Camila', 'Valentina', 'Mariana', 'Leila',
]; // prettier-ignore
const FIRST_M = [
  'José', 'Juan', 'Luis', 'Carlos', 'Jesús', 'John', 'Jon', 'Jonathan', 'Robert', 'William', 'James', 'Michael',
  'Mohammed', 'Muhammad', 'Ahmed', 'Chidi', 'Emeka', 'Minh', 'Duc', 'Wei', 'Jian', 'Arjun', 'Rahul', 'François',
  'Søren', 'Björn', 'Tomasz', 'Paweł', 'Dmitri', 'Aleksandr', 'Sean', 'Seán', 'Liam', 'Noah', 'Ethan', 'Aiden',
  'Mason', 'Lucas', 'Mateo', 'Santiago', 'David', 'Daniel', 'Samuel', 'Benjamin', 'Stephen', 'Steven', 'Omar',
]; // prettier-ignore
const LAST = [
  'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Smith', 'Smyth', 'Johnson', 'Jonson',
  'Williams', 'Brown', 'Jones', 'Nguyễn', 'Nguyen', 'Trần', 'Lê', 'Phạm', 'Chen', 'Wang', 'Li', 'Zhang', 'Okafor',
  'Okonkwo', 'Adeyemi', 'Haddad', 'Khalil', 'Patel', 'Shah', 'Singh', "O'Brien", "O'Connor", "D'Angelo", 'Müller',
  'Schmidt', 'Schmitt', 'Kowalski', 'Wiśniewski', 'Łukasiewicz', 'Ivanov', 'Petrov', 'Petroff', 'Søndergaard',
  'Andersson', 'MacDonald', 'McDonald', 'Murphy', 'Kelly', 'Okonkwo-Brandt', 'García-Márquez', 'Silva', 'Santos',
]; // prettier-ignore
const STREETS = [
  'Elm Street', 'Maple Avenue', 'Blue Hill Avenue', 'Centre Street', 'Washington Street', 'Dorchester Avenue',
  'Commonwealth Avenue', 'Cambridge Street', 'Hyde Park Avenue', 'Tremont Street', 'Columbia Road', 'Main Street',
]; // prettier-ignore
const TOWNS: Array<[string, string, string]> = [
  ['Boston', 'MA', '02118'], ['Boston', 'MA', '02119'], ['Dorchester', 'MA', '02124'], ['Cambridge', 'MA', '02139'],
  ['Somerville', 'MA', '02143'], ['Chelsea', 'MA', '02150'], ['Lynn', 'MA', '01902'], ['Quincy', 'MA', '02169'],
  ['Brockton', 'MA', '02301'], ['Worcester', 'MA', '01604'], ['Providence', 'RI', '02907'], ['Nashua', 'NH', '03060'],
]; // prettier-ignore
const AREA_CODES = ['617', '857', '508', '781', '978', '339', '774', '401', '603'];
const PAYERS: Array<[string, string]> = [
  ['MassHealth', 'Standard'], ['Blue Cross Blue Shield of Massachusetts', 'PPO'], ['Harvard Pilgrim', 'HMO'],
  ['Tufts Health Plan', 'Direct'], ['Medicare', 'Part B'], ['Aetna', 'Choice POS II'], ['UnitedHealthcare', 'Choice Plus'],
]; // prettier-ignore
const LANGUAGES = ['English', 'English', 'English', 'English', 'Spanish', 'Spanish', 'Vietnamese', 'Haitian Creole', 'Portuguese', 'Mandarin', 'Arabic', 'Polish']; // prettier-ignore

/** mulberry32: small, fast, good enough for made-up data, and the same for the same seed. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SyntheticPatients {
  private readonly random: () => number;
  constructor(seed = 1) {
    this.random = randomSource(seed);
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }
  private pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  private chance(p: number): boolean {
    return this.random() < p;
  }

  private phone(): string {
    // Exchanges 200-999, never N11: every number parses as a valid US number.
    let exchange = 200 + this.int(800);
    if (exchange % 100 === 11) exchange++;
    return `+1${this.pick(AREA_CODES)}${exchange}${String(this.int(10_000)).padStart(4, '0')}`;
  }

  private date(fromYear: number, toYear: number): string {
    const year = fromYear + this.int(toYear - fromYear + 1);
    const month = 1 + this.int(12);
    const day = 1 + this.int(28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  /** The members of one household, as stored intakes (already normalised). */
  household(): Intake[] {
    const last = this.pick(LAST);
    const [city, state, postalCode] = this.pick(TOWNS);
    const address = {
      line1: `${1 + this.int(400)} ${this.pick(STREETS)}`,
      line2: this.chance(0.3) ? `Apt ${1 + this.int(30)}` : null,
      city,
      state,
      postalCode,
    };
    const homePhone = this.phone();
    const language = this.pick(LANGUAGES);
    const members: Intake[] = [];
    const adults = this.chance(0.6) ? 2 : 1;
    const parentYear = 1940 + this.int(65);
    const parents: Array<{ first: string; female: boolean }> = [];
    for (let i = 0; i < adults; i++) {
      const female = i === 0 ? this.chance(0.5) : !parents[0]!.female;
      const first = this.pick(female ? FIRST_F : FIRST_M);
      parents.push({ first, female });
      members.push(
        this.person(first, last, this.date(parentYear - 3, parentYear + 3), female, address, language, [
          this.phone(),
          homePhone,
        ]),
      );
    }
    const childYear = Math.min(parentYear + 22 + this.int(15), 2024);
    const children = childYear > 2024 - 1 ? 0 : this.int(4);
    for (let i = 0; i < children; i++) {
      const female = this.chance(0.5);
      // A son named after his father, now and then: same name, another generation.
      const namesake = !female && parents.some((p) => !p.female) && this.chance(0.15);
      const first = namesake ? parents.find((p) => !p.female)!.first : this.pick(female ? FIRST_F : FIRST_M);
      const dob = this.date(childYear, Math.min(childYear + 8, 2024));
      members.push(this.person(first, last, dob, female, address, language, [homePhone]));
      // Twins: same surname, birthday, address and phone, another first name.
      if (this.chance(0.04)) {
        const twinFemale = this.chance(0.5);
        const twin = this.pick(twinFemale ? FIRST_F : FIRST_M);
        if (twin !== first) members.push(this.person(twin, last, dob, twinFemale, address, language, [homePhone]));
      }
    }
    return members;
  }

  private person(
    firstName: string,
    lastName: string,
    dateOfBirth: string,
    female: boolean,
    address: Intake['contact']['address'],
    language: string,
    phones: string[],
  ): Intake {
    const intake = emptyStoredIntake();
    intake.identity.firstName = firstName;
    intake.identity.lastName = lastName;
    intake.identity.dateOfBirth = dateOfBirth;
    intake.identity.sexAtBirth = female ? 'female' : 'male';
    if (this.chance(0.2)) intake.identity.middleName = this.pick(female ? FIRST_F : FIRST_M);
    intake.contact.phones = [...new Set(phones)].map((number, i) => ({
      number,
      type: i === 0 && phones.length > 1 ? 'mobile' : 'home',
      textOk: i === 0 && this.chance(0.7),
      voicemailOk: this.chance(0.8),
    }));
    intake.contact.address = { ...address };
    intake.language = { preferred: language, interpreterNeeded: language !== 'English' && this.chance(0.6) };
    if (this.chance(0.75)) {
      const [payer, plan] = this.pick(PAYERS);
      intake.insurance.primary = {
        payer,
        plan,
        memberId: `${payer.slice(0, 2).toUpperCase()}${String(this.int(1e9)).padStart(9, '0')}`,
        groupNumber: this.chance(0.5) ? String(this.int(1e6)) : null,
        subscriberName: null,
        subscriberRelationship: 'self',
      };
    }
    if (this.chance(0.2)) {
      intake.needs.social = {
        ...intake.needs.social,
        livingSituation: this.pick(['steady place', 'steady place', 'worried about losing it', 'no steady place']),
        foodWorry: this.pick(['never true', 'never true', 'sometimes true', 'often true']),
        transportation: this.pick(['no', 'no', 'no', 'yes']),
      };
    }
    return intake;
  }
}

let template: Intake | undefined;

/** A stored-shape intake with every optional section empty (parsed once, then copied). */
function emptyStoredIntake(): Intake {
  if (!template) {
    const blank = blankIntake();
    blank.identity = { ...blank.identity, firstName: 'x', lastName: 'x', dateOfBirth: '2000-01-01' };
    blank.contact.phones = [{ number: '+16175550100', type: 'mobile', textOk: false, voicemailOk: false }];
    template = intakeSchema.parse(blank);
  }
  return structuredClone(template);
}
