import { displayDate } from '../dates';
import { displayPhone } from '../phone';
import { blankIntake, type Intake, type IntakeFormValues } from './intake';

const text = (v: string | null | undefined) => v ?? '';
const date = (v: string | null | undefined) => (v ? displayDate(v) : '');
const phone = (v: string | null | undefined) => (v ? displayPhone(v) : '');

/** A stored intake -> the form's values, as a coordinator would have typed them. */
export function intakeToFormValues(i: Intake): IntakeFormValues {
  const form = blankIntake();
  form.identity = {
    firstName: i.identity.firstName,
    middleName: text(i.identity.middleName),
    lastName: i.identity.lastName,
    preferredName: text(i.identity.preferredName),
    dateOfBirth: date(i.identity.dateOfBirth),
    sexAtBirth: text(i.identity.sexAtBirth),
    genderIdentity: text(i.identity.genderIdentity),
    pronouns: text(i.identity.pronouns),
  };
  i.contact.phones.forEach((p, slot) => {
    if (slot < form.contact.phones.length) form.contact.phones[slot] = { ...p, number: phone(p.number) };
  });
  form.contact.email = text(i.contact.email);
  form.contact.address = {
    line1: text(i.contact.address.line1),
    line2: text(i.contact.address.line2),
    city: text(i.contact.address.city),
    state: text(i.contact.address.state),
    postalCode: text(i.contact.address.postalCode),
  };
  form.contact.preferredMethod = text(i.contact.preferredMethod);
  form.contact.preferredTimes = text(i.contact.preferredTimes);
  form.language = { ...i.language };
  for (const role of ['emergency', 'representative'] as const) {
    const p = i.people[role];
    form.people[role] = {
      name: text(p.name),
      relationship: text(p.relationship),
      phone: phone(p.phone),
      mayReceiveHealthInfo: p.mayReceiveHealthInfo,
      kind: text(p.kind),
    };
  }
  for (const rank of ['primary', 'secondary'] as const) {
    const c = i.insurance[rank];
    form.insurance[rank] = {
      payer: text(c.payer),
      plan: text(c.plan),
      memberId: text(c.memberId),
      groupNumber: text(c.groupNumber),
      subscriberName: text(c.subscriberName),
      subscriberRelationship: text(c.subscriberRelationship),
    };
  }
  form.care = {
    primaryCareProvider: text(i.care.primaryCareProvider),
    referralSource: text(i.care.referralSource),
    reasonForContact: text(i.care.reasonForContact),
  };
  form.needs.accessibility = text(i.needs.accessibility);
  form.needs.transport = text(i.needs.transport);
  for (const key of Object.keys(form.needs.social) as Array<keyof typeof form.needs.social>) {
    form.needs.social[key] = text(i.needs.social[key]);
  }
  form.consents = {
    privacyNotice: { given: i.consents.privacyNotice.given, date: date(i.consents.privacyNotice.date) },
    treatment: { given: i.consents.treatment.given, date: date(i.consents.treatment.date) },
    release: {
      to: text(i.consents.release.to),
      what: text(i.consents.release.what),
      date: date(i.consents.release.date),
      expires: date(i.consents.release.expires),
    },
  };
  return form;
}

/**
 * A saved draft laid over a blank form: only fields the form has, of the type the
 * form expects, are taken, so a draft from an older version can never break it.
 */
export function overlayDraft<T>(base: T, draft: unknown): T {
  if (Array.isArray(base)) {
    if (!Array.isArray(draft)) return base;
    return base.map((item: unknown, i) => overlayDraft(item, draft[i])) as T;
  }
  if (base !== null && typeof base === 'object') {
    if (draft === null || typeof draft !== 'object' || Array.isArray(draft)) return base;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(base)) {
      out[key] = overlayDraft(value, (draft as Record<string, unknown>)[key]);
    }
    return out as T;
  }
  return typeof draft === typeof base ? (draft as T) : base;
}

/** Whether two form states hold the same typing (used to skip saving an untouched draft). */
export function sameValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
