import { z } from 'zod';

/**
 * The core questions of the CMS Accountable Health Communities health-related social
 * needs screening tool (AHC HRSN), with its published rules for a positive screen.
 * The answers are kept as given; the flagged needs are derived from them here, in
 * one place the form (to preview), the main process (to store) and the hub share.
 */

export const SOCIAL_NEED_DOMAINS = ['housing', 'food', 'transportation', 'utilities', 'safety'] as const;
export type SocialNeedDomain = (typeof SOCIAL_NEED_DOMAINS)[number];

const FREQUENCY = ['never', 'rarely', 'sometimes', 'fairly often', 'frequently'] as const;
const FOOD = ['often true', 'sometimes true', 'never true'] as const;

export interface SocialNeedQuestion {
  id: string;
  domain: SocialNeedDomain;
  text: string;
  options: readonly string[];
}

export const SOCIAL_NEED_QUESTIONS = [
  {
    id: 'livingSituation',
    domain: 'housing',
    text: 'What is your living situation today?',
    options: ['steady place', 'worried about losing it', 'no steady place'],
  },
  {
    id: 'housingProblems',
    domain: 'housing',
    text: 'Do you have problems with the place you live (pests, mold, lead, no heat, broken oven, no smoke detectors, water leaks)?',
    options: ['no', 'yes'],
  },
  {
    id: 'foodWorry',
    domain: 'food',
    text: 'In the past 12 months, you worried that your food would run out before you got money to buy more.',
    options: FOOD,
  },
  {
    id: 'foodRanOut',
    domain: 'food',
    text: "In the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
    options: FOOD,
  },
  {
    id: 'transportation',
    domain: 'transportation',
    text: 'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or getting things needed for daily living?',
    options: ['no', 'yes'],
  },
  {
    id: 'utilities',
    domain: 'utilities',
    text: 'In the past 12 months, has the electric, gas, oil or water company threatened to shut off services in your home?',
    options: ['no', 'yes', 'already shut off'],
  },
  {
    id: 'safetyHurt',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, physically hurt you?',
    options: FREQUENCY,
  },
  {
    id: 'safetyInsult',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, insult or talk down to you?',
    options: FREQUENCY,
  },
  {
    id: 'safetyThreaten',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, threaten you with harm?',
    options: FREQUENCY,
  },
  {
    id: 'safetyScream',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, scream or curse at you?',
    options: FREQUENCY,
  },
] as const satisfies readonly SocialNeedQuestion[];

export type SocialNeedQuestionId = (typeof SOCIAL_NEED_QUESTIONS)[number]['id'];

const answerSchema = (options: readonly string[]) =>
  z
    .string()
    .default('')
    .refine((v) => v === '' || options.includes(v), 'Choose an answer from the list')
    .transform((v) => (v === '' ? null : v));

/** `''` means the question was not asked or the patient declined to answer. */
export const socialNeedsAnswersSchema = z
  .strictObject(
    Object.fromEntries(SOCIAL_NEED_QUESTIONS.map((q) => [q.id, answerSchema(q.options)])) as Record<
      SocialNeedQuestionId,
      ReturnType<typeof answerSchema>
    >,
  )
  .prefault({});
export type SocialNeedsAnswers = Partial<Record<SocialNeedQuestionId, string | null>>;

export interface FlaggedNeed {
  domain: SocialNeedDomain;
  reason: string;
}

/** The AHC positive-screen rules, domain by domain. */
export function flaggedNeeds(a: SocialNeedsAnswers): FlaggedNeed[] {
  const flags: FlaggedNeed[] = [];
  if (a.livingSituation === 'worried about losing it' || a.livingSituation === 'no steady place') {
    flags.push({ domain: 'housing', reason: `Living situation: ${a.livingSituation}` });
  } else if (a.housingProblems === 'yes') {
    flags.push({ domain: 'housing', reason: 'Problems with the place they live' });
  }
  const foodPositive = [a.foodWorry, a.foodRanOut].filter((v) => v === 'often true' || v === 'sometimes true');
  if (foodPositive.length > 0) flags.push({ domain: 'food', reason: 'Food insecurity in the past 12 months' });
  if (a.transportation === 'yes') {
    flags.push({ domain: 'transportation', reason: 'Lack of transportation kept them from appointments or needs' });
  }
  if (a.utilities === 'yes' || a.utilities === 'already shut off') {
    flags.push({
      domain: 'utilities',
      reason: a.utilities === 'yes' ? 'Utility shut-off threatened' : 'Utilities already shut off',
    });
  }
  // Interpersonal safety: each answer scores 1 (never) to 5 (frequently); more than 10 is positive.
  const safety = [a.safetyHurt, a.safetyInsult, a.safetyThreaten, a.safetyScream]
    .map((v) => (v ? FREQUENCY.indexOf(v as (typeof FREQUENCY)[number]) + 1 : 0))
    .reduce((sum, n) => sum + n, 0);
  if (safety > 10) flags.push({ domain: 'safety', reason: `Interpersonal safety score ${safety} (over 10)` });
  return flags;
}
