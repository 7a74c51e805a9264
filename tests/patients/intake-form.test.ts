import { describe, expect, it } from 'vitest';
import { blankIntake, intakeSchema } from '../../src-shared/patients/intake';
import { intakeToFormValues, overlayDraft } from '../../src-shared/patients/intake-form';
import { fullIntake } from './fixtures';

describe('the intake form values', () => {
  it('a stored intake shown in the form saves back to the same intake', () => {
    const stored = intakeSchema.parse(fullIntake());
    const form = intakeToFormValues(stored);
    expect(form.identity.dateOfBirth).toBe('04/09/1987');
    expect(form.contact.phones[0]!.number).toBe('(617) 555-0148');
    expect(form.contact.phones[2]!.number).toBe('');
    expect(intakeSchema.parse(form)).toEqual(stored);
  });

  it('a draft restores only what the form knows, of the right type', () => {
    const restored = overlayDraft(blankIntake(), {
      identity: { firstName: 'Wilhelmina', lastName: 42, unknownField: 'x' },
      contact: { phones: [{ number: '617' }, 'garbage'] },
      needs: 'not an object',
    });
    expect(restored.identity.firstName).toBe('Wilhelmina');
    expect(restored.identity.lastName).toBe('');
    expect(restored.identity).not.toHaveProperty('unknownField');
    expect(restored.contact.phones[0]).toEqual({ number: '617', type: 'mobile', textOk: false, voicemailOk: false });
    expect(restored.contact.phones).toHaveLength(3);
    expect(restored.needs).toEqual(blankIntake().needs);
  });
});
