import { blankIntake, type IntakeFormValues, type IntakeInput } from '../../src-shared/patients/intake';

/** A complete intake as a coordinator would type it, every section filled. */
export function fullIntake(over: { identity?: Partial<IntakeFormValues['identity']> } = {}): IntakeFormValues {
  return {
    identity: {
      firstName: 'María',
      middleName: 'José',
      lastName: 'Núñez-Ortiz',
      preferredName: 'Majo',
      dateOfBirth: '04/09/1987',
      sexAtBirth: 'female',
      genderIdentity: 'woman',
      pronouns: 'she/her',
      ...over.identity,
    },
    contact: {
      phones: [
        { number: '(617) 555-0148', type: 'mobile', textOk: true, voicemailOk: true },
        { number: '617.555.0190', type: 'work', textOk: false, voicemailOk: false },
      ],
      email: 'majo.nunez@example.org',
      address: { line1: '12 Elm Street', line2: 'Apt 3', city: 'Boston', state: 'ma', postalCode: '02118' },
      preferredMethod: 'text',
      preferredTimes: 'weekday mornings',
    },
    language: { preferred: 'Spanish', interpreterNeeded: true },
    people: {
      emergency: {
        name: 'Luis Núñez',
        relationship: 'brother',
        phone: '617-555-0177',
        mayReceiveHealthInfo: true,
        kind: '',
      },
      representative: { name: '', relationship: '', phone: '', mayReceiveHealthInfo: false, kind: '' },
    },
    insurance: {
      primary: {
        payer: 'MassHealth',
        plan: 'Standard',
        memberId: 'mh1234567',
        groupNumber: '',
        subscriberName: '',
        subscriberRelationship: 'self',
      },
      secondary: {
        payer: '',
        plan: '',
        memberId: '',
        groupNumber: '',
        subscriberName: '',
        subscriberRelationship: '',
      },
    },
    care: {
      primaryCareProvider: 'Dr. Amara Lindqvist',
      referralSource: 'Emergency department',
      reasonForContact: 'Follow-up after ED visit for asthma',
    },
    needs: {
      accessibility: 'Large print',
      transport: 'Needs a ride to appointments',
      social: {
        ...blankIntake().needs.social,
        livingSituation: 'steady place',
        foodWorry: 'sometimes true',
        transportation: 'yes',
      },
    },
    consents: {
      privacyNotice: { given: true, date: '03/01/2025' },
      treatment: { given: true, date: '03/01/2025' },
      release: { to: 'Boston Medical Center', what: 'ED records', date: '03/01/2025', expires: '03/01/2026' },
    },
  };
}

export function minimalIntake(firstName: string, lastName: string, dateOfBirth: string, phone: string): IntakeInput {
  return { identity: { firstName, lastName, dateOfBirth }, contact: { phones: [{ number: phone }] } };
}
