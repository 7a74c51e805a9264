import { z } from 'zod';
import { parseCalendarDate, todayIso } from '../dates';
import { normalizePhone } from '../phone';

const MAX_AGE_YEARS = 130;

const personName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(100, `${label} must be at most 100 characters`)
    .regex(/^[\p{L}\p{M}' .-]+$/u, `${label} may contain letters, spaces, apostrophes, hyphens and periods`);

export const dateOfBirthSchema = z
  .string({ error: 'Date of birth is required' })
  .trim()
  .min(1, 'Date of birth is required')
  .transform((text, ctx) => {
    const iso = parseCalendarDate(text);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: 'Enter the date of birth as MM/DD/YYYY' });
      return z.NEVER;
    }
    const today = todayIso();
    const earliest = `${Number(today.slice(0, 4)) - MAX_AGE_YEARS}${today.slice(4)}`;
    if (iso > today) {
      ctx.addIssue({ code: 'custom', message: 'Date of birth cannot be in the future' });
      return z.NEVER;
    }
    if (iso < earliest) {
      ctx.addIssue({ code: 'custom', message: `Date of birth is more than ${MAX_AGE_YEARS} years ago` });
      return z.NEVER;
    }
    return iso;
  });

export const phoneSchema = z
  .string({ error: 'Phone is required' })
  .trim()
  .min(1, 'Phone is required')
  .max(40, 'Phone is too long')
  .transform((text, ctx) => {
    const e164 = normalizePhone(text);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Enter a valid phone number, such as (617) 555-0123' });
      return z.NEVER;
    }
    return e164;
  });

export const patientIdSchema = z.uuid({ error: 'Not a patient id' });

/**
 * Quick registration (a caller who is not yet a patient): the four facts that find
 * someone again. The full intake is `intakeSchema` in ./intake.
 */
export const newPatientSchema = z.strictObject({
  firstName: personName('First name'),
  lastName: personName('Last name'),
  dateOfBirth: dateOfBirthSchema,
  phone: phoneSchema,
});
export type NewPatientInput = z.input<typeof newPatientSchema>;
export type NewPatient = z.output<typeof newPatientSchema>;

export const patientSchema = z.object({
  id: patientIdSchema,
  mrn: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.iso.date(),
  phone: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  preferredName: z.string().nullable().optional(),
  /** Set when this record was merged into another patient: open that one instead. */
  mergedInto: z.string().nullable().optional(),
});
export type Patient = z.infer<typeof patientSchema>;

export const patientSearchSchema = z.strictObject({
  query: z.string().trim().max(200, 'Search is at most 200 characters'),
  limit: z.number().int().min(1).max(200).default(25),
});

export const patientSearchResultSchema = z.array(patientSchema);
