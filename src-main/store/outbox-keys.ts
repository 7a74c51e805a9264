/*
 * The field names an outbox entry stores as one character each (decision 0043). A new row's
 * change names every field it sets, and the names were about a third of the outbox's bytes,
 * the largest b-tree a bulk insert writes: every page of it is encrypted at the commit and
 * again at the checkpoint. An entry of a table listed here stores its fields as
 * `["<one character per field>", value, value, …]`, the characters being positions in the
 * table's list below; `outboxFields` gives back the same object, keys in the same order.
 *
 * APPEND ONLY: a stored entry names its fields by position in these lists, and entries are kept
 * for weeks (decision 0111). A new column goes at the end of its table's list; a name is never
 * removed, moved or reused. A field not listed is not an error: its entry is stored as plain
 * JSON, as every table's was before (tests/store/outbox-entries.test.ts says which columns lack
 * a name). A table with no list is stored as plain JSON.
 */
const KEYS: Readonly<Record<string, readonly string[]>> = {
  patients: [
    'id',
    'mrn',
    'firstName',
    'lastName',
    'dateOfBirth',
    'phone',
    'createdAt',
    'updatedAt',
    'middleName',
    'preferredName',
    'sexAtBirth',
    'genderIdentity',
    'pronouns',
    'email',
    'addressLine1',
    'addressLine2',
    'city',
    'state',
    'postalCode',
    'preferredContactMethod',
    'preferredContactTimes',
    'preferredLanguage',
    'interpreterNeeded',
    'primaryCareProvider',
    'referralSource',
    'reasonForContact',
    'accessibilityNeeds',
    'transportNeeds',
    'firstNameKey',
    'lastNameKey',
    'mergedInto',
  ],
  patient_phones: ['id', 'patientId', 'slot', 'number', 'type', 'textOk', 'voicemailOk'],
  patient_people: ['id', 'patientId', 'role', 'name', 'relationship', 'phone', 'mayReceiveHealthInfo', 'kind'],
  patient_coverages: [
    'id',
    'patientId',
    'rank',
    'payer',
    'plan',
    'memberId',
    'groupNumber',
    'subscriberName',
    'subscriberRelationship',
  ],
  patient_consents: ['id', 'patientId', 'kind', 'given', 'date', 'releaseTo', 'releaseWhat', 'expires'],
  patient_social_need_answers: ['id', 'patientId', 'question', 'answer'],
  patient_flagged_needs: ['id', 'patientId', 'domain', 'reason', 'flaggedAt', 'resolvedAt'],
};

/** Position n in a list is stored as the nth character of this: none needs escaping in JSON. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A table's field names both ways: name -> its character, character code -> name. */
export interface OutboxKeys {
  readonly aliasOf: ReadonlyMap<string, string>;
  readonly nameAt: ReadonlyArray<string | undefined>;
  /** The longest name's length: what a character can stand for on the wire (the push's body budget). */
  readonly longest: number;
}

const BY_TABLE = new Map<string, OutboxKeys>(
  Object.entries(KEYS).map(([table, names]) => {
    if (names.length > ALPHABET.length || new Set(names).size !== names.length)
      throw new Error(`outbox keys of ${table}: at most ${ALPHABET.length}, each once`);
    const nameAt: Array<string | undefined> = [];
    names.forEach((name, i) => (nameAt[ALPHABET.charCodeAt(i)] = name));
    return [
      table,
      {
        aliasOf: new Map(names.map((name, i) => [name, ALPHABET[i]!])),
        nameAt,
        longest: Math.max(...names.map((n) => n.length)),
      },
    ];
  }),
);

/** The field names of a table whose entries are stored by position; undefined for one stored as plain JSON. */
export function outboxKeys(tableName: string): OutboxKeys | undefined {
  return BY_TABLE.get(tableName);
}

/** The tables with a list, and their names (for the test that every column has one). */
export const OUTBOX_KEY_LISTS = KEYS;
