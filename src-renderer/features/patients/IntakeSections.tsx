import { useEffect, type ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { ageOn, displayDate, parseCalendarDate, todayIso } from '../../../src-shared/dates';
import {
  CONTACT_METHODS,
  MAX_PHONES,
  PHONE_TYPES,
  REPRESENTATIVE_KINDS,
  SEX_AT_BIRTH,
  SUBSCRIBER_RELATIONSHIPS,
  type IntakeFormValues,
  type IntakeInput,
  type IntakeSectionId,
} from '../../../src-shared/patients/intake';
import { flaggedNeeds, SOCIAL_NEED_QUESTIONS } from '../../../src-shared/patients/social-needs';
import { CheckboxField, SelectField, TextField } from './fields';
import { SECTION_KEYS } from './intake-shortcuts';

function Section({ id, title, children }: { id: IntakeSectionId; title: string; children: ReactNode }) {
  const key = SECTION_KEYS[id];
  return (
    <section className="intake-section" aria-labelledby={`section-${id}`} data-section={id}>
      <h2 id={`section-${id}`}>
        {title} <kbd>{key}</kbd>
      </h2>
      <div className="form-grid">{children}</div>
    </section>
  );
}

export function IdentitySection() {
  const dob = parseCalendarDate(useWatch<IntakeInput, 'identity.dateOfBirth'>({ name: 'identity.dateOfBirth' }) ?? '');
  return (
    <Section id="identity" title="Identity">
      <TextField name="identity.firstName" label="First name" />
      <TextField name="identity.middleName" label="Middle name" />
      <TextField name="identity.lastName" label="Last name" />
      <TextField name="identity.preferredName" label="Preferred name" />
      <TextField
        name="identity.dateOfBirth"
        label="Date of birth"
        hint={dob ? `Age ${ageOn(dob, new Date())}` : 'MM/DD/YYYY'}
        inputMode="numeric"
      />
      <SelectField
        name="identity.sexAtBirth"
        label="Sex assigned at birth"
        options={SEX_AT_BIRTH.map((s) => [s, s === 'declined' ? 'Chose not to answer' : capitalise(s)] as const)}
      />
      <TextField name="identity.genderIdentity" label="Gender identity (optional)" />
      <TextField name="identity.pronouns" label="Pronouns (optional)" />
    </Section>
  );
}

export function ContactSection() {
  return (
    <Section id="contact" title="Contact">
      {Array.from({ length: MAX_PHONES }, (_, slot) => {
        const n = slot === 0 ? '' : ` ${slot + 1}`;
        return (
          <div className="field-group" key={slot}>
            <TextField
              name={`contact.phones.${slot}.number`}
              label={`Phone${n}`}
              type="tel"
              hint={slot === 0 ? 'Any format: 617-555-0123' : 'Optional'}
            />
            <SelectField
              name={`contact.phones.${slot}.type`}
              label={`Phone${n} type`}
              options={PHONE_TYPES}
              blank={null}
            />
            <CheckboxField name={`contact.phones.${slot}.textOk`} label={`Phone${n}: texts OK`} />
            <CheckboxField name={`contact.phones.${slot}.voicemailOk`} label={`Phone${n}: voicemail OK`} />
          </div>
        );
      })}
      <TextField name="contact.email" label="Email" type="email" />
      <TextField name="contact.address.line1" label="Street address" />
      <TextField name="contact.address.line2" label="Apartment, suite or unit" />
      <TextField name="contact.address.city" label="City" />
      <TextField name="contact.address.state" label="State" hint="Two letters, such as MA" />
      <TextField name="contact.address.postalCode" label="ZIP code" inputMode="numeric" />
      <SelectField
        name="contact.preferredMethod"
        label="Preferred contact method"
        options={CONTACT_METHODS}
        blank="No preference"
      />
      <TextField name="contact.preferredTimes" label="Best times to reach" />
    </Section>
  );
}

export function LanguageSection() {
  return (
    <Section id="language" title="Language">
      <TextField name="language.preferred" label="Preferred language" />
      <CheckboxField name="language.interpreterNeeded" label="Interpreter needed" />
    </Section>
  );
}

export function PeopleSection() {
  return (
    <Section id="people" title="People">
      <TextField name="people.emergency.name" label="Emergency contact name" />
      <TextField name="people.emergency.relationship" label="Emergency contact relationship" />
      <TextField name="people.emergency.phone" label="Emergency contact phone" type="tel" />
      <CheckboxField
        name="people.emergency.mayReceiveHealthInfo"
        label="Emergency contact may receive health information"
      />
      <SelectField
        name="people.representative.kind"
        label="Guardian or representative"
        options={REPRESENTATIVE_KINDS}
        blank="None"
      />
      <TextField name="people.representative.name" label="Representative name" />
      <TextField name="people.representative.relationship" label="Representative relationship" />
      <TextField name="people.representative.phone" label="Representative phone" type="tel" />
      <CheckboxField
        name="people.representative.mayReceiveHealthInfo"
        label="Representative may receive health information"
      />
    </Section>
  );
}

export function InsuranceSection() {
  return (
    <Section id="insurance" title="Insurance">
      {(['primary', 'secondary'] as const).map((rank) => {
        const R = capitalise(rank);
        return (
          <div className="field-group" key={rank}>
            <TextField name={`insurance.${rank}.payer`} label={`${R} payer`} />
            <TextField name={`insurance.${rank}.plan`} label={`${R} plan`} />
            <TextField name={`insurance.${rank}.memberId`} label={`${R} member ID`} />
            <TextField name={`insurance.${rank}.groupNumber`} label={`${R} group number`} />
            <SelectField
              name={`insurance.${rank}.subscriberRelationship`}
              label={`${R} subscriber's relationship to patient`}
              options={SUBSCRIBER_RELATIONSHIPS}
              blank="Not given"
            />
            <TextField name={`insurance.${rank}.subscriberName`} label={`${R} subscriber name`} />
          </div>
        );
      })}
    </Section>
  );
}

export function CareSection() {
  return (
    <Section id="care" title="Care">
      <TextField name="care.primaryCareProvider" label="Primary care provider" />
      <TextField name="care.referralSource" label="Referral source" />
      <TextField name="care.reasonForContact" label="Reason for contacting the clinic" wide multiline />
    </Section>
  );
}

export function NeedsSection() {
  const social = useWatch<IntakeFormValues, 'needs.social'>({ name: 'needs.social' });
  const flags = flaggedNeeds(
    Object.fromEntries(Object.entries(social ?? {}).map(([k, v]) => [k, v === '' ? null : v])),
  );
  return (
    <Section id="needs" title="Needs">
      <TextField name="needs.accessibility" label="Accessibility needs" wide />
      <TextField name="needs.transport" label="Transport needs" wide />
      <p className="wide section-note">Health-related social needs (AHC core questions); ask each as written.</p>
      {SOCIAL_NEED_QUESTIONS.map((q) => (
        <SelectField
          key={q.id}
          name={`needs.social.${q.id}`}
          label={q.text}
          options={q.options}
          blank="Not asked or declined"
          wide
        />
      ))}
      <p className="wide flagged-preview" aria-live="polite">
        {flags.length === 0
          ? 'No social needs flagged.'
          : `Flagged needs: ${flags.map((f) => capitalise(f.domain)).join(', ')}`}
      </p>
    </Section>
  );
}

export function ConsentsSection() {
  useDatedWhenChecked('consents.privacyNotice');
  useDatedWhenChecked('consents.treatment');
  return (
    <Section id="consents" title="Consents">
      <CheckboxField name="consents.privacyNotice.given" label="Notice of privacy practices acknowledged" />
      <TextField name="consents.privacyNotice.date" label="Privacy notice date" inputMode="numeric" />
      <CheckboxField name="consents.treatment.given" label="Consent to treat given" />
      <TextField name="consents.treatment.date" label="Consent to treat date" inputMode="numeric" />
      <TextField name="consents.release.to" label="Release of information to" />
      <TextField name="consents.release.what" label="Information to release" />
      <TextField name="consents.release.date" label="Release signed date" inputMode="numeric" />
      <TextField name="consents.release.expires" label="Release expires" inputMode="numeric" />
    </Section>
  );
}

/** Ticking a consent dates it today, unless a date was typed. */
function useDatedWhenChecked(path: 'consents.privacyNotice' | 'consents.treatment') {
  const { setValue, getValues } = useFormContext<IntakeFormValues>();
  const given = useWatch<IntakeFormValues, `${typeof path}.given`>({ name: `${path}.given` });
  useEffect(() => {
    if (given && !getValues(`${path}.date`)) setValue(`${path}.date`, displayDate(todayIso()), { shouldDirty: true });
  }, [given, path, getValues, setValue]);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
