import { describe, expect, it } from 'vitest';
import { SyntheticPatients } from '../../src-main/patients/synthetic';
import { intakeToFormValues } from '../../src-shared/patients/intake-form';
import { intakeSchema } from '../../src-shared/patients/intake';

const households = (seed: number, n: number) => {
  const source = new SyntheticPatients(seed);
  return Array.from({ length: n }, () => source.household());
};

describe('synthetic patients', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(households(7, 50)).toEqual(households(7, 50));
    expect(households(8, 50)).not.toEqual(households(7, 50));
  });

  it('are valid intakes: each one survives the form and the schema unchanged', () => {
    for (const person of households(3, 300).flat()) {
      expect(intakeSchema.parse(intakeToFormValues(person))).toEqual(person);
    }
  });

  it('include what matching must cope with: shared homes and phones, twins, namesakes, accents', () => {
    const all = households(11, 2_000);
    const people = all.flat();
    expect(all.some((h) => h.length >= 3 && new Set(h.map((p) => p.contact.address.line1)).size === 1)).toBe(true);
    const twins = all.filter((h) => {
      const dobs = h.map((p) => p.identity.dateOfBirth);
      return dobs.length !== new Set(dobs).size;
    });
    expect(twins.length).toBeGreaterThan(0);
    expect(all.some((h) => new Set(h.map((p) => p.identity.firstName)).size < h.length)).toBe(true);
    expect(people.some((p) => /[^\x00-\x7f]/.test(p.identity.firstName + p.identity.lastName))).toBe(true);
    expect(people.some((p) => p.identity.lastName.includes("'"))).toBe(true);
  });
});
