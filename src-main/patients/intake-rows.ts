import type { Intake } from '../../src-shared/patients/intake';
import { flaggedNeeds, SOCIAL_NEED_QUESTIONS, type SocialNeedsAnswers } from '../../src-shared/patients/social-needs';
import type {
  PatientRow,
  patientConsents,
  patientCoverages,
  patientFlaggedNeeds,
  patientPeople,
  patientPhones,
  patientSocialNeedAnswers,
} from './table';

export interface IntakeRows {
  phones: Array<typeof patientPhones.$inferSelect>;
  people: Array<typeof patientPeople.$inferSelect>;
  coverages: Array<typeof patientCoverages.$inferSelect>;
  consents: Array<typeof patientConsents.$inferSelect>;
  answers: Array<typeof patientSocialNeedAnswers.$inferSelect>;
  flags: Array<typeof patientFlaggedNeeds.$inferSelect>;
}

/** The patient row's own fields that an intake sets (identity, contact, language, care, needs). */
export type PatientFields = Omit<
  PatientRow,
  'id' | 'mrn' | 'createdAt' | 'updatedAt' | 'mergedInto' | 'firstNameKey' | 'lastNameKey'
>;

const slotId = (patientId: string, ...slot: Array<string | number>) => [patientId, ...slot].join('/');

/**
 * An intake -> the rows that store it. `previous` is what is stored now: a flagged
 * need keeps the time it was first raised, and one no longer raised is resolved,
 * not deleted, so the chart can show it was once there.
 */
export function intakeRows(
  patientId: string,
  intake: Intake,
  at: string,
  previous: IntakeRows,
): IntakeRows & { patient: PatientFields } {
  const { identity, contact, language, people, insurance, care, needs, consents } = intake;
  const patient: PatientFields = {
    firstName: identity.firstName,
    middleName: identity.middleName,
    lastName: identity.lastName,
    preferredName: identity.preferredName,
    dateOfBirth: identity.dateOfBirth,
    sexAtBirth: identity.sexAtBirth,
    genderIdentity: identity.genderIdentity,
    pronouns: identity.pronouns,
    phone: contact.phones[0]!.number,
    email: contact.email,
    addressLine1: contact.address.line1,
    addressLine2: contact.address.line2,
    city: contact.address.city,
    state: contact.address.state,
    postalCode: contact.address.postalCode,
    preferredContactMethod: contact.preferredMethod,
    preferredContactTimes: contact.preferredTimes,
    preferredLanguage: language.preferred,
    interpreterNeeded: language.interpreterNeeded,
    primaryCareProvider: care.primaryCareProvider,
    referralSource: care.referralSource,
    reasonForContact: care.reasonForContact,
    accessibilityNeeds: needs.accessibility,
    transportNeeds: needs.transport,
  };

  const phones = contact.phones.map((p, slot) => ({
    id: slotId(patientId, 'phone', slot),
    patientId,
    slot,
    number: p.number,
    type: p.type,
    textOk: p.textOk,
    voicemailOk: p.voicemailOk,
  }));

  const peopleRows = (['emergency', 'representative'] as const).flatMap((role) => {
    const p = people[role];
    if (!p.name || !p.phone) return [];
    return [
      {
        id: slotId(patientId, 'person', role),
        patientId,
        role,
        name: p.name,
        relationship: p.relationship,
        phone: p.phone,
        mayReceiveHealthInfo: p.mayReceiveHealthInfo,
        kind: role === 'representative' ? p.kind : null,
      },
    ];
  });

  const coverages = (['primary', 'secondary'] as const).flatMap((rank) => {
    const c = insurance[rank];
    if (!c.payer || !c.memberId) return [];
    return [
      {
        id: slotId(patientId, 'coverage', rank),
        patientId,
        rank,
        payer: c.payer,
        plan: c.plan,
        memberId: c.memberId,
        groupNumber: c.groupNumber,
        subscriberName: c.subscriberName,
        subscriberRelationship: c.subscriberRelationship,
      },
    ];
  });

  const consentRows: IntakeRows['consents'] = [];
  const dated = [
    ['privacy-notice', consents.privacyNotice],
    ['treatment', consents.treatment],
  ] as const;
  for (const [kind, c] of dated) {
    if (!c.given && !c.date) continue;
    consentRows.push({
      id: slotId(patientId, 'consent', kind),
      patientId,
      kind,
      given: c.given,
      date: c.date,
      releaseTo: null,
      releaseWhat: null,
      expires: null,
    });
  }
  const r = consents.release;
  if (r.to) {
    consentRows.push({
      id: slotId(patientId, 'consent', 'release'),
      patientId,
      kind: 'release',
      given: true,
      date: r.date,
      releaseTo: r.to,
      releaseWhat: r.what,
      expires: r.expires,
    });
  }

  const answers = SOCIAL_NEED_QUESTIONS.flatMap((q) => {
    const answer = needs.social[q.id];
    return answer ? [{ id: slotId(patientId, 'sdoh', q.id), patientId, question: q.id, answer }] : [];
  });

  const raised = flaggedNeeds(needs.social);
  const flags: IntakeRows['flags'] = raised.map((f) => {
    const id = slotId(patientId, 'need', f.domain);
    const was = previous.flags.find((p) => p.id === id);
    return {
      id,
      patientId,
      domain: f.domain,
      reason: f.reason,
      flaggedAt: was && !was.resolvedAt ? was.flaggedAt : at,
      resolvedAt: null,
    };
  });
  for (const was of previous.flags) {
    if (!flags.some((f) => f.id === was.id)) flags.push({ ...was, resolvedAt: was.resolvedAt ?? at });
  }

  return { patient, phones, people: peopleRows, coverages, consents: consentRows, answers, flags };
}

/** Stored rows -> the intake they came from (the chart and the edit form read this). */
export function rowsToIntake(p: PatientRow, rows: IntakeRows): Intake {
  const person = (role: 'emergency' | 'representative') => {
    const r = rows.people.find((x) => x.role === role);
    return {
      name: r?.name ?? null,
      relationship: r?.relationship ?? null,
      phone: r?.phone ?? null,
      mayReceiveHealthInfo: r?.mayReceiveHealthInfo ?? false,
      kind: (r?.kind ?? null) as Intake['people']['representative']['kind'],
    };
  };
  const coverage = (rank: 'primary' | 'secondary') => {
    const c = rows.coverages.find((x) => x.rank === rank);
    return {
      payer: c?.payer ?? null,
      plan: c?.plan ?? null,
      memberId: c?.memberId ?? null,
      groupNumber: c?.groupNumber ?? null,
      subscriberName: c?.subscriberName ?? null,
      subscriberRelationship: (c?.subscriberRelationship ??
        null) as Intake['insurance']['primary']['subscriberRelationship'],
    };
  };
  const consent = (kind: 'privacy-notice' | 'treatment') => {
    const c = rows.consents.find((x) => x.kind === kind);
    return { given: c?.given ?? false, date: c?.date ?? null };
  };
  const release = rows.consents.find((x) => x.kind === 'release');
  const social: SocialNeedsAnswers = Object.fromEntries(SOCIAL_NEED_QUESTIONS.map((q) => [q.id, null]));
  for (const a of rows.answers) social[a.question as keyof SocialNeedsAnswers] = a.answer;
  return {
    identity: {
      firstName: p.firstName,
      middleName: p.middleName,
      lastName: p.lastName,
      preferredName: p.preferredName,
      dateOfBirth: p.dateOfBirth,
      sexAtBirth: p.sexAtBirth as Intake['identity']['sexAtBirth'],
      genderIdentity: p.genderIdentity,
      pronouns: p.pronouns,
    },
    contact: {
      phones: rows.phones
        .slice()
        .sort((a, b) => a.slot - b.slot)
        .map((x) => ({
          number: x.number,
          type: x.type as Intake['contact']['phones'][number]['type'],
          textOk: x.textOk,
          voicemailOk: x.voicemailOk,
        })),
      email: p.email,
      address: {
        line1: p.addressLine1,
        line2: p.addressLine2,
        city: p.city,
        state: p.state,
        postalCode: p.postalCode,
      },
      preferredMethod: p.preferredContactMethod as Intake['contact']['preferredMethod'],
      preferredTimes: p.preferredContactTimes,
    },
    language: { preferred: p.preferredLanguage, interpreterNeeded: p.interpreterNeeded },
    people: { emergency: person('emergency'), representative: person('representative') },
    insurance: { primary: coverage('primary'), secondary: coverage('secondary') },
    care: {
      primaryCareProvider: p.primaryCareProvider,
      referralSource: p.referralSource,
      reasonForContact: p.reasonForContact,
    },
    needs: {
      accessibility: p.accessibilityNeeds,
      transport: p.transportNeeds,
      social: social as Intake['needs']['social'],
    },
    consents: {
      privacyNotice: consent('privacy-notice'),
      treatment: consent('treatment'),
      release: {
        to: release?.releaseTo ?? null,
        what: release?.releaseWhat ?? null,
        date: release?.date ?? null,
        expires: release?.expires ?? null,
      },
    },
  };
}
