import { afterEach, describe, expect, it } from 'vitest';
import { newMrn, unusedMrn } from '../../src-main/patients/table';
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
    expect(unusedMrn(app.store, () => draws.shift()!)).toBe('MRN-000000000000');
    expect(draws).toEqual([]);
  });

  it('an intake still gets a number when every draw of its second is taken here', () => {
    const { app, taken } = withOnePatient();
    const mrn = unusedMrn(app.store, () => taken);
    expect(mrn).toMatch(/^MRN-\d{12}$/);
    expect(mrn).not.toBe(taken);
  });
});
