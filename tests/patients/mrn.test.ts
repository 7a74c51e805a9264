import { afterEach, describe, expect, it } from 'vitest';
import { insertWithUnusedMrn, newMrn, patients, type PatientRow } from '../../src-main/patients/table';
import { timeOrderedUuid } from '../../src-main/store/ids';
import { freshCareDesk, type TestCareDesk } from '../support/store';

const apps: TestCareDesk[] = [];
afterEach(() => apps.splice(0).forEach((a) => a.dispose()));

/** A store holding one patient, and that patient's MRN. */
function withOnePatient(): { app: TestCareDesk; taken: string } {
  const app = freshCareDesk();
  apps.push(app);
  const taken = app.patients.create(
    { firstName: 'Ada', lastName: 'Quinn', dateOfBirth: '1950-01-02', phone: '+16175550111' },
    { userId: 'u1' },
  ).mrn;
  return { app, taken };
}

describe('medical record numbers', () => {
  it('are MRN- and twelve digits whose last is a Luhn check digit', () => {
    for (let i = 0; i < 200; i++) {
      const mrn = newMrn();
      expect(mrn).toMatch(/^MRN-\d{12}$/);
      const digits = mrn.slice(4).split('').map(Number).reverse();
      const sum = digits.reduce((s, d, j) => s + (j % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
      expect(sum % 10).toBe(0);
    }
  });

  it('a number already on file is drawn again, so a collision never fails an intake', () => {
    const { app, taken } = withOnePatient();
    const draws = [taken, taken, 'MRN-000000000000'];
    expect(insertAnother(app, () => draws.shift()!)).toBe('MRN-000000000000');
    expect(draws).toEqual([]);
    expect(mrnsOnFile(app)).toEqual(['MRN-000000000000', taken].sort());
  });

  it('an intake still gets a number when every draw of its second is taken here', () => {
    const { app, taken } = withOnePatient();
    const mrn = insertAnother(app, () => taken);
    expect(mrn).toMatch(/^MRN-\d{12}$/);
    expect(mrn).not.toBe(taken);
    expect(mrnsOnFile(app)).toEqual([mrn, taken].sort());
  });

  it('an insert that fails for another reason than the number is not retried', () => {
    const { app } = withOnePatient();
    const [first] = app.store.db.select().from(patients).all();
    const draws: string[] = [];
    expect(() =>
      app.store.write(() =>
        insertWithUnusedMrn(app.store, { ...first! }, () => {
          draws.push('drawn');
          return 'MRN-000000000000';
        }),
      ),
    ).toThrow(/patients\.id/);
    expect(draws).toHaveLength(1);
    expect(mrnsOnFile(app)).toEqual([first!.mrn]);
  });

  it('an insert refused by another unique index is not retried, even with a free number', () => {
    const { app, taken } = withOnePatient();
    // A clinic's own rule, say one patient a phone: the refusal is not the number's.
    app.store.sqlite.exec('CREATE UNIQUE INDEX one_patient_a_phone ON patients (phone)');
    const draws: string[] = [];
    expect(() =>
      insertAnother(app, () => {
        draws.push('drawn');
        return 'MRN-000000000000';
      }),
    ).toThrow(/patients\.phone/);
    expect(draws).toHaveLength(1);
    expect(mrnsOnFile(app)).toEqual([taken]);
  });
});

/** Inserts a second patient's row, its MRN drawn by `make`, in a transaction of its own; returns the MRN it got. */
function insertAnother(app: TestCareDesk, make: () => string): string {
  const [first] = app.store.db.select().from(patients).all();
  const row: PatientRow = { ...first!, id: timeOrderedUuid(Date.now()), mrn: '' };
  return app.store.write(() => insertWithUnusedMrn(app.store, row, make).mrn);
}

const mrnsOnFile = (app: TestCareDesk) =>
  app.store.db
    .select({ mrn: patients.mrn })
    .from(patients)
    .all()
    .map((r) => r.mrn)
    .sort();
