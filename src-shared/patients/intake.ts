import { z } from 'zod';
import { parseCalendarDate, todayIso } from '../dates';
import { normalizePhone } from '../phone';
import { dateOfBirthSchema } from './schemas';
import { SOCIAL_NEED_QUESTIONS, socialNeedsAnswersSchema, type SocialNeedQuestionId } from './social-needs';

/**
 * The complete intake, section by section. The form validates with this schema and
 * the main process validates the IPC input with the same one, so the two can never
 * disagree. Inputs are what a person types (strings, checkboxes); outputs are
 * normalised (E.164 phones, ISO dates, blanks as null).
 */

const MAX_TEXT = 200;

/** Optional free text: trimmed, blank becomes null. */
const optionalText = (label: string, max = MAX_TEXT) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .default('')
    .transform((v) => (v === '' ? null : v));

const nameText = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} must be at most 100 characters`)
    .regex(/^[\p{L}\p{M}' .-]+$/u, `${label} may contain letters, spaces, apostrophes, hyphens and periods`);

const optionalName = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `${label} must be at most 100 characters`)
    .regex(/^[\p{L}\p{M}' .-]*$/u, `${label} may contain letters, spaces, apostrophes, hyphens and periods`)
    .default('')
    .transform((v) => (v === '' ? null : v));

const optionalPhone = (label: string) =>
  z
    .string()
    .trim()
    .max(40, `${label} is too long`)
    .default('')
    .transform((text, ctx) => {
      if (text === '') return null;
      const e164 = normalizePhone(text);
      if (!e164) {
        ctx.addIssue({ code: 'custom', message: 'Enter a valid phone number, such as (617) 555-0123' });
        return z.NEVER;
      }
      return e164;
    });

/** `''` (not answered) or one of the choices; stored as null or the choice. */
const choice = <const T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z
    .string()
    .default('')
    .refine((v) => v === '' || (values as readonly string[]).includes(v), `Choose a ${label} from the list`)
    .transform((v) => (v === '' ? null : (v as T[number])));

/** A date typed like a date of birth (MM/DD/YYYY, dashes, no separators), optional. */
export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .default('')
    .transform((text, ctx) => {
      if (text === '') return null;
      const iso = parseCalendarDate(text);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message: `Enter the ${label} as MM/DD/YYYY` });
        return z.NEVER;
      }
      return iso;
    });

export const SEX_AT_BIRTH = ['female', 'male', 'intersex', 'unknown', 'declined'] as const;
export const PHONE_TYPES = ['mobile', 'home', 'work', 'other'] as const;
export const CONTACT_METHODS = ['phone', 'text', 'email', 'mail'] as const;
export const PERSON_ROLES = ['emergency', 'representative'] as const;
export const REPRESENTATIVE_KINDS = ['guardian', 'personal representative', 'power of attorney'] as const;
export const SUBSCRIBER_RELATIONSHIPS = ['self', 'spouse', 'parent', 'child', 'other'] as const;
export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
  'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR',
  'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'VI', 'GU', 'AS', 'MP',
] as const; // prettier-ignore

export const MAX_PHONES = 3;

export const identitySchema = z.strictObject({
  firstName: nameText('First name'),
  middleName: optionalName('Middle name'),
  lastName: nameText('Last name'),
  preferredName: optionalName('Preferred name'),
  dateOfBirth: dateOfBirthSchema,
  sexAtBirth: choice(SEX_AT_BIRTH, 'sex assigned at birth'),
  genderIdentity: optionalText('Gender identity', 60),
  pronouns: optionalText('Pronouns', 40),
});

const phoneEntrySchema = z.strictObject({
  number: optionalPhone('Phone'),
  type: z
    .string()
    .default('mobile')
    .refine((t) => (PHONE_TYPES as readonly string[]).includes(t), 'Choose a phone type from the list')
    .transform((t) => t as (typeof PHONE_TYPES)[number]),
  textOk: z.boolean().default(false),
  voicemailOk: z.boolean().default(false),
});

/** Up to three phones; the first is required, a blank later slot is simply not there. */
const phonesSchema = z
  .array(phoneEntrySchema)
  .max(MAX_PHONES)
  .default([])
  .refine((phones) => phones[0]?.number != null, { message: 'Phone is required', path: [0, 'number'] })
  .transform((phones) => phones.flatMap((p) => (p.number === null ? [] : [{ ...p, number: p.number }])));

/** A postal address is all or nothing: once any part is typed, street, city, state and ZIP are needed. */
const addressSchema = z
  .strictObject({
    line1: optionalText('Street address', 120),
    line2: optionalText('Apartment, suite or unit', 60),
    city: optionalText('City', 60),
    state: z
      .string()
      .trim()
      .toUpperCase()
      .default('')
      .refine((s) => s === '' || (US_STATES as readonly string[]).includes(s), 'Enter a two-letter state, such as MA')
      .transform((s) => (s === '' ? null : s)),
    postalCode: z
      .string()
      .trim()
      .default('')
      .refine((s) => s === '' || /^\d{5}(-?\d{4})?$/.test(s), 'Enter a 5-digit ZIP code (or ZIP+4)')
      .transform((s) => (s === '' ? null : s.length === 9 ? `${s.slice(0, 5)}-${s.slice(5)}` : s)),
  })
  .superRefine((a, ctx) => {
    const any = a.line1 || a.line2 || a.city || a.state || a.postalCode;
    if (!any) return;
    const need: Array<[keyof typeof a, string]> = [
      ['line1', 'Street address'],
      ['city', 'City'],
      ['state', 'State'],
      ['postalCode', 'ZIP code'],
    ];
    for (const [key, label] of need) {
      if (!a[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${label} is required for a postal address` });
    }
  });

export const contactSchema = z
  .strictObject({
    phones: phonesSchema,
    email: z
      .string()
      .trim()
      .max(254)
      .default('')
      .refine((v) => v === '' || z.email().safeParse(v).success, 'Enter an email address such as name@example.org')
      .transform((v) => (v === '' ? null : v)),
    address: addressSchema.prefault({ line1: '', line2: '', city: '', state: '', postalCode: '' }),
    preferredMethod: choice(CONTACT_METHODS, 'preferred contact method'),
    preferredTimes: optionalText('Best times to reach', 100),
  })
  .superRefine((c, ctx) => {
    if (c.preferredMethod === 'text' && !c.phones.some((p) => p.textOk)) {
      ctx.addIssue({
        code: 'custom',
        path: ['preferredMethod'],
        message: 'Texting needs a phone with consent to text',
      });
    }
    if (c.preferredMethod === 'email' && !c.email) {
      ctx.addIssue({ code: 'custom', path: ['preferredMethod'], message: 'Email needs an email address' });
    }
  });

export const languageSchema = z.strictObject({
  preferred: z
    .string()
    .trim()
    .max(60)
    .default('English')
    .transform((v) => (v === '' ? 'English' : v)),
  interpreterNeeded: z.boolean().default(false),
});

/** Emergency contact or representative; a blank name means there is none. */
const personSchema = (label: string) =>
  z
    .strictObject({
      name: optionalName(`${label} name`),
      relationship: optionalText('Relationship', 60),
      phone: optionalPhone(`${label} phone`),
      mayReceiveHealthInfo: z.boolean().default(false),
      kind: choice(REPRESENTATIVE_KINDS, 'kind of representative'),
    })
    .superRefine((p, ctx) => {
      if (!p.name && (p.relationship || p.phone)) {
        ctx.addIssue({ code: 'custom', path: ['name'], message: `${label} name is required` });
      }
      if (p.name && !p.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: `${label} phone is required` });
    });

const emptyPerson = { name: '', relationship: '', phone: '', mayReceiveHealthInfo: false, kind: '' };
export const peopleSchema = z.strictObject({
  emergency: personSchema('Emergency contact').prefault(emptyPerson),
  representative: personSchema('Representative').prefault(emptyPerson),
});

/** One coverage; a blank payer means none. */
const coverageSchema = (label: string) =>
  z
    .strictObject({
      payer: optionalText(`${label} payer`, 100),
      plan: optionalText('Plan', 100),
      memberId: z
        .string()
        .trim()
        .max(40)
        .default('')
        .refine((s) => s === '' || /^[A-Za-z0-9-]{3,40}$/.test(s), 'Member ID is letters and digits')
        .transform((s) => (s === '' ? null : s.toUpperCase())),
      groupNumber: optionalText('Group number', 40),
      subscriberName: optionalName('Subscriber name'),
      subscriberRelationship: choice(SUBSCRIBER_RELATIONSHIPS, 'relationship to the patient'),
    })
    .superRefine((c, ctx) => {
      if (!c.payer) {
        if (c.memberId || c.plan || c.groupNumber)
          ctx.addIssue({ code: 'custom', path: ['payer'], message: `${label} payer is required` });
        return;
      }
      if (!c.memberId) ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'Member ID is required' });
      if (c.subscriberRelationship && c.subscriberRelationship !== 'self' && !c.subscriberName) {
        ctx.addIssue({ code: 'custom', path: ['subscriberName'], message: 'Subscriber name is required' });
      }
    });

const emptyCoverage = {
  payer: '',
  plan: '',
  memberId: '',
  groupNumber: '',
  subscriberName: '',
  subscriberRelationship: '',
};
export const insuranceSchema = z
  .strictObject({
    primary: coverageSchema('Primary').prefault(emptyCoverage),
    secondary: coverageSchema('Secondary').prefault(emptyCoverage),
  })
  .superRefine((i, ctx) => {
    if (i.secondary.payer && !i.primary.payer) {
      ctx.addIssue({ code: 'custom', path: ['primary', 'payer'], message: 'Enter the primary coverage first' });
    }
  });

export const careSchema = z.strictObject({
  primaryCareProvider: optionalText('Primary care provider', 100),
  referralSource: optionalText('Referral source', 100),
  reasonForContact: optionalText('Reason for contacting the clinic', 500),
});

export const needsSchema = z.strictObject({
  accessibility: optionalText('Accessibility needs', 300),
  transport: optionalText('Transport needs', 300),
  social: socialNeedsAnswersSchema,
});

/** A signed or acknowledged consent: the box and its date go together. */
const datedConsent = (label: string) =>
  z.strictObject({ given: z.boolean().default(false), date: optionalDate(`${label} date`) }).superRefine((c, ctx) => {
    if (c.given && !c.date) ctx.addIssue({ code: 'custom', path: ['date'], message: `${label} date is required` });
    if (c.date && c.date > todayIso())
      ctx.addIssue({ code: 'custom', path: ['date'], message: `${label} date cannot be in the future` });
  });

const releaseSchema = z
  .strictObject({
    to: optionalText('Release to', 120),
    what: optionalText('Information released', 200),
    date: optionalDate('release signed'),
    expires: optionalDate('release expiry'),
  })
  .superRefine((r, ctx) => {
    if (!r.to && !r.what && !r.date && !r.expires) return;
    if (!r.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Whom the release is to is required' });
    if (!r.what) ctx.addIssue({ code: 'custom', path: ['what'], message: 'What may be released is required' });
    if (!r.date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'The date signed is required' });
    if (!r.expires) ctx.addIssue({ code: 'custom', path: ['expires'], message: 'The expiry date is required' });
    if (r.date && r.expires && r.expires <= r.date)
      ctx.addIssue({ code: 'custom', path: ['expires'], message: 'The release must expire after it was signed' });
  });

const emptyConsent = { given: false, date: '' };
export const consentsSchema = z.strictObject({
  privacyNotice: datedConsent('Privacy notice').prefault(emptyConsent),
  treatment: datedConsent('Consent to treat').prefault(emptyConsent),
  release: releaseSchema.prefault({ to: '', what: '', date: '', expires: '' }),
});

/** The whole intake. Every section but identity and the first phone may be left blank. */
export const intakeSchema = z.strictObject({
  identity: identitySchema,
  contact: contactSchema,
  language: languageSchema.prefault({ preferred: 'English', interpreterNeeded: false }),
  people: peopleSchema.prefault({ emergency: emptyPerson, representative: emptyPerson }),
  insurance: insuranceSchema.prefault({ primary: emptyCoverage, secondary: emptyCoverage }),
  care: careSchema.prefault({ primaryCareProvider: '', referralSource: '', reasonForContact: '' }),
  needs: needsSchema.prefault({ accessibility: '', transport: '', social: {} }),
  consents: consentsSchema.prefault({
    privacyNotice: emptyConsent,
    treatment: emptyConsent,
    release: { to: '', what: '', date: '', expires: '' },
  }),
});
export type IntakeInput = z.input<typeof intakeSchema>;
export type Intake = z.output<typeof intakeSchema>;

/** The sections in the order the form shows them; the chart and the shortcuts use the same list. */
export const INTAKE_SECTIONS = [
  { id: 'identity', title: 'Identity' },
  { id: 'contact', title: 'Contact' },
  { id: 'language', title: 'Language' },
  { id: 'people', title: 'People' },
  { id: 'insurance', title: 'Insurance' },
  { id: 'care', title: 'Care' },
  { id: 'needs', title: 'Needs' },
  { id: 'consents', title: 'Consents' },
] as const;
export type IntakeSectionId = (typeof INTAKE_SECTIONS)[number]['id'];

const blankPhone = { number: '', type: 'mobile' as string, textOk: false, voicemailOk: false };

/**
 * A blank intake as the form holds it: every field present, as typed text or a
 * checkbox. The form starts from this, and a restored draft is laid over it.
 */
export function blankIntake() {
  return {
    identity: {
      firstName: '',
      middleName: '',
      lastName: '',
      preferredName: '',
      dateOfBirth: '',
      sexAtBirth: '',
      genderIdentity: '',
      pronouns: '',
    },
    contact: {
      phones: Array.from({ length: MAX_PHONES }, () => ({ ...blankPhone })),
      email: '',
      address: { line1: '', line2: '', city: '', state: '', postalCode: '' },
      preferredMethod: '',
      preferredTimes: '',
    },
    language: { preferred: 'English', interpreterNeeded: false },
    people: { emergency: { ...emptyPerson }, representative: { ...emptyPerson } },
    insurance: { primary: { ...emptyCoverage }, secondary: { ...emptyCoverage } },
    care: { primaryCareProvider: '', referralSource: '', reasonForContact: '' },
    needs: {
      accessibility: '',
      transport: '',
      social: Object.fromEntries(SOCIAL_NEED_QUESTIONS.map((q) => [q.id, ''])) as Record<SocialNeedQuestionId, string>,
    },
    consents: {
      privacyNotice: { ...emptyConsent },
      treatment: { ...emptyConsent },
      release: { to: '', what: '', date: '', expires: '' },
    },
  };
}
/** What the intake form holds: `IntakeInput` with every field present. */
export type IntakeFormValues = ReturnType<typeof blankIntake>;
// The form's values are always a valid input shape for the schema.
blankIntake() satisfies IntakeInput;
