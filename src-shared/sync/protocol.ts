import { z } from 'zod';
import { ROLES } from '../roles';
import { verifierSchema } from '../session/verifier';

/**
 * The wire protocol between a workstation and the clinic sync hub (ARCHITECTURE §4,
 * docs/sync.md). One schema per body: the hub validates every request with these
 * and the workstation validates every response, so a change to the protocol is a
 * change to this file.
 */
export const PROTOCOL_VERSION = 1;
/**
 * Every hub accepts pushes of this many changes: a workstation starts here and sends
 * larger batches only once its hub has said, in a push answer, that it takes them
 * (`maxBatchChanges`). Hubs before decision 0130 refuse anything larger.
 */
export const BASE_BATCH_CHANGES = 500;
/** The most changes this hub accepts in one push, and the most a workstation ever sends. */
export const MAX_BATCH_CHANGES = 2000;
export const MAX_PULL_PAGE = 10_000;
export const DEFAULT_PULL_PAGE = 1000;

/*
 * Patterns and limits the push schemas and their plain-function checks (decision 0132)
 * share, so the checks cannot drift from the schemas on them (decision 0137).
 */
const OPAQUE_ID = /^[A-Za-z0-9_.:-]+$/;
const OPAQUE_ID_MAX = 128;
const TABLE_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const HLC_TEXT = /^\d{15}-\d{5}-[A-Za-z0-9_]{1,64}$/;
const ROW_ID = /^[^\u0000-\u001f]{1,200}$/;
const EPOCH_MAX = 64;
const CHANGE_OPS = ['insert', 'update', 'delete', 'append'] as const;
const USER_ID_MAX = 128;
/** zod's own pattern for z.uuid() (RFC 9562 versions 1-8, nil and max). */
const UUID = z.regexes.uuid();

const opaqueId = z.string().min(1).max(OPAQUE_ID_MAX).regex(OPAQUE_ID, 'Only letters, digits and _.:- are allowed');
export const tableNameSchema = z.string().regex(TABLE_NAME, 'Not a table name');
export const hlcTextSchema = z.string().regex(HLC_TEXT, 'Not a clock stamp');
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const fieldName = z.string().regex(FIELD_NAME, 'Not a field name');
export const fieldsSchema = z.record(fieldName, z.json());
export type Fields = z.infer<typeof fieldsSchema>;
/**
 * The same check for fields that were just JSON.parse'd (an outbox entry, a pulled
 * row): every value is JSON by construction, so only the names are checked; the
 * deep z.json walk cost more than the write it guarded. A plain loop over the names
 * rather than z.record, which copies every object it checks: a first sync checks
 * hundreds of thousands of rows (decision 0120).
 */
export const parsedFieldsSchema = z.custom<Record<string, unknown>>(
  isParsedFields,
  'Not a set of fields with valid names',
);

function isParsedFields(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const name in value) if (!checkedFieldNames.has(name) && !isNewFieldName(name)) return false;
  return true;
}

/**
 * Field names already found valid. A page repeats a table's few names on every row, so
 * each distinct name meets the pattern once, not once per row (a first sync checks
 * millions of names). Bounded, so a stream of made-up names cannot grow it for ever.
 */
const checkedFieldNames = new Set<string>();
const CHECKED_FIELD_NAMES_MAX = 4096;

function isNewFieldName(name: string): boolean {
  if (!FIELD_NAME.test(name)) return false;
  if (checkedFieldNames.size < CHECKED_FIELD_NAMES_MAX) checkedFieldNames.add(name);
  return true;
}

/** One entry of a workstation's outbox, as sent. */
export const changeSchema = z.strictObject({
  changeId: z.uuid(),
  table: tableNameSchema,
  // Row ids are the tables' own (a UUID, or `<patient id>/phone/0` for a child slot).
  rowId: z.string().regex(ROW_ID, 'Not a row id'),
  op: z.enum(CHANGE_OPS),
  fields: fieldsSchema,
  hlc: hlcTextSchema,
  /**
   * The hub sequence this workstation had pulled up to when the change was made.
   * A stored field written at a later sequence by another device is one this
   * change never saw: the two are concurrent, and a clash is recorded.
   */
  baseCursor: z.number().int().min(0),
  userId: z.string().max(USER_ID_MAX).nullable(),
});
export type SyncChange = z.infer<typeof changeSchema>;
/** An outbox entry as the workstation reads it back (fields from JSON.parse; see parsedFieldsSchema). */
export const outboxChangeSchema = changeSchema.extend({ fields: parsedFieldsSchema });

export const pushRequestSchema = z.strictObject({
  deviceId: opaqueId,
  /** The hub epoch the workstation last saw; null before its first sync. */
  epoch: z.string().max(EPOCH_MAX).nullable(),
  batchSeq: z.number().int().min(1),
  // The hub reads the body with JSON.parse, so every field value is JSON already: the
  // field names are checked, the values are not walked again (decision 0114).
  changes: z
    .array(outboxChangeSchema)
    .min(1)
    .max(MAX_BATCH_CHANGES, `A push carries at most ${MAX_BATCH_CHANGES} changes`),
});
export type PushRequest = Omit<z.infer<typeof pushRequestSchema>, 'changes'> & { changes: SyncChange[] };

/*
 * Plain-function checks in front of the push schemas (decision 0132). A push moves
 * thousands of changes and results, and zod's walk of them (a checked copy of every
 * object) was ~10% of a catch-up push's CPU at the two ends together. Each function
 * accepts only what its schema accepts (it may refuse more): input it accepts is used
 * as is, anything else goes to the schema, whose verdict and errors stand. Patterns,
 * limits and key lists are the schemas' own (above); tests/shared/push-checks.test.ts
 * holds the rest, the shapes, to the schemas on generated bodies and answers (0137).
 */
const CHANGE_OP_SET = new Set<unknown>(CHANGE_OPS);
const CHANGE_KEYS = Object.keys(outboxChangeSchema.shape);
const PUSH_REQUEST_KEYS = Object.keys(pushRequestSchema.shape);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** Exactly these keys, as a strict object requires. */
const hasOnlyKeys = (value: Record<string, unknown>, keys: readonly string[]) => {
  let n = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!keys.includes(key)) return false;
    n++;
  }
  return n === keys.length;
};

/** `outboxChangeSchema`'s check on the change itself. */
function isOutboxChange(value: unknown): value is SyncChange {
  if (!isRecord(value) || !hasOnlyKeys(value, CHANGE_KEYS)) return false;
  const { changeId, table, rowId, op, fields, hlc, baseCursor, userId } = value;
  return (
    typeof changeId === 'string' &&
    UUID.test(changeId) &&
    typeof table === 'string' &&
    TABLE_NAME.test(table) &&
    typeof rowId === 'string' &&
    ROW_ID.test(rowId) &&
    CHANGE_OP_SET.has(op) &&
    isParsedFields(fields) &&
    typeof hlc === 'string' &&
    HLC_TEXT.test(hlc) &&
    Number.isSafeInteger(baseCursor) &&
    (baseCursor as number) >= 0 &&
    (userId === null || (typeof userId === 'string' && userId.length <= USER_ID_MAX))
  );
}

/** An outbox entry read back, as the change to send; null if `outboxChangeSchema` refuses it. */
export function checkOutboxChange(value: unknown): SyncChange | null {
  if (isOutboxChange(value)) return value;
  const parsed = outboxChangeSchema.safeParse(value);
  // Values out of JSON.parse are JSON values: the wire type holds.
  return parsed.success ? (parsed.data as SyncChange) : null;
}

/** `pushRequestSchema`'s check on the body itself. */
export function isPushRequest(value: unknown): value is PushRequest {
  if (!isRecord(value) || !hasOnlyKeys(value, PUSH_REQUEST_KEYS)) return false;
  const { deviceId, epoch, batchSeq, changes } = value;
  return (
    typeof deviceId === 'string' &&
    deviceId.length >= 1 &&
    deviceId.length <= OPAQUE_ID_MAX &&
    OPAQUE_ID.test(deviceId) &&
    (epoch === null || (typeof epoch === 'string' && epoch.length <= EPOCH_MAX)) &&
    Number.isSafeInteger(batchSeq) &&
    (batchSeq as number) >= 1 &&
    Array.isArray(changes) &&
    changes.length >= 1 &&
    changes.length <= MAX_BATCH_CHANGES &&
    changes.every(isOutboxChange)
  );
}

export const CHANGE_STATUSES = ['applied', 'conflict', 'duplicate', 'rejected'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];
export const REJECT_REASONS = [
  'unknown_table',
  'invalid_fields',
  'clock_ahead',
  'unknown_row',
  'deleted',
  'slot_taken',
  'read_only',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const changeResultSchema = z.object({
  changeId: z.uuid(),
  status: z.enum(CHANGE_STATUSES),
  reason: z.enum(REJECT_REASONS).nullable(),
  message: z.string().nullable(),
  /** The hub sequence of the row version this change produced, if any. */
  seq: z.number().int().nullable(),
});
export type ChangeResult = z.infer<typeof changeResultSchema>;

export const pushResponseSchema = z.object({
  epoch: z.string(),
  batchSeq: z.number().int(),
  /** True when this batch had been committed before: the stored results are returned. */
  replayed: z.boolean(),
  results: z.array(changeResultSchema),
  highWater: z.number().int(),
  /** The hub's wall clock, so a workstation can tell its own clock is off. */
  hubTime: z.string(),
  /** How many changes this hub accepts in one push; absent from hubs before 0130, which take BASE_BATCH_CHANGES. */
  maxBatchChanges: z.number().int().min(1).optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

const CHANGE_STATUS_SET = new Set<unknown>(CHANGE_STATUSES);
const REJECT_REASON_SET = new Set<unknown>(REJECT_REASONS);
const RESULT_KEYS = Object.keys(changeResultSchema.shape);

function isChangeResult(value: unknown): value is ChangeResult {
  if (!isRecord(value) || !hasOnlyKeys(value, RESULT_KEYS)) return false;
  const { changeId, status, reason, message, seq } = value;
  return (
    typeof changeId === 'string' &&
    UUID.test(changeId) &&
    CHANGE_STATUS_SET.has(status) &&
    (reason === null || REJECT_REASON_SET.has(reason)) &&
    (message === null || typeof message === 'string') &&
    (seq === null || Number.isSafeInteger(seq))
  );
}

/**
 * `pushResponseSchema`'s check on the answer itself: the answer, its unknown keys left
 * out as the schema does; null for anything else (the schema then decides).
 */
export function checkedPushResponse(value: unknown): PushResponse | null {
  if (!isRecord(value)) return null;
  const { epoch, batchSeq, replayed, results, highWater, hubTime, maxBatchChanges } = value;
  const ok =
    typeof epoch === 'string' &&
    Number.isSafeInteger(batchSeq) &&
    typeof replayed === 'boolean' &&
    Array.isArray(results) &&
    results.every(isChangeResult) &&
    Number.isSafeInteger(highWater) &&
    typeof hubTime === 'string' &&
    (maxBatchChanges === undefined || (Number.isSafeInteger(maxBatchChanges) && (maxBatchChanges as number) >= 1));
  if (!ok) return null;
  const response: PushResponse = {
    epoch,
    batchSeq: batchSeq as number,
    replayed,
    results,
    highWater: highWater as number,
    hubTime,
  };
  if (maxBatchChanges !== undefined) response.maxBatchChanges = maxBatchChanges as number;
  return response;
}

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0),
  // A page larger than this hub serves is clamped, not refused: a workstation newer than
  // its hub (IT upgrades one before the other) still syncs, in pages the hub can afford.
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_PULL_PAGE)
    .transform((n) => Math.min(n, MAX_PULL_PAGE)),
});

/**
 * The request header a workstation names the pull page's format with (decision 0145).
 * Without it (a workstation older than 0145) the hub answers format 1, rows as objects;
 * with `2`, each row is an array `[seq, table, rowId, op, hlc, fields]`, which costs the
 * hub's PostgreSQL less to write and every side less to send and parse. A hub older than
 * 0145 ignores the header and answers format 1, which the workstation reads as before.
 */
export const PULL_FORMAT_HEADER = 'caredesk-pull-format';
export const PULL_FORMATS = ['1', '2'] as const;
export type PullFormat = (typeof PULL_FORMATS)[number];

export const pulledRowSchema = z.object({
  seq: z.number().int(),
  table: tableNameSchema,
  rowId: z.string(),
  op: z.enum(['upsert', 'delete']),
  fields: parsedFieldsSchema,
  hlc: z.string().nullable(),
});
export type PulledRow = z.infer<typeof pulledRowSchema>;

/** `pulledRowSchema`'s check as a plain function, on the row itself. */
function isPulledRow(value: unknown): value is PulledRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(row.seq) &&
    typeof row.table === 'string' &&
    TABLE_NAME.test(row.table) &&
    typeof row.rowId === 'string' &&
    (row.op === 'upsert' || row.op === 'delete') &&
    isParsedFields(row.fields) &&
    (row.hlc === null || typeof row.hlc === 'string')
  );
}

/**
 * A page's rows, checked in place: `z.array(pulledRowSchema)` made a checked copy of
 * every row, and a first sync's main thread spent ~8 µs a row on it (decision 0142).
 */
const pulledRowsSchema = z.custom<PulledRow[]>(
  (value) => Array.isArray(value) && value.every(isPulledRow),
  'Not a page of pulled rows',
);

/** A format 2 row, `[seq, table, rowId, op, hlc, fields]`, checked by the rules of `isPulledRow`. */
function isPulledRowArray(value: unknown): value is [number, string, string, PulledRow['op'], string | null, object] {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === 'string' &&
    TABLE_NAME.test(value[1]) &&
    typeof value[2] === 'string' &&
    (value[3] === 'upsert' || value[3] === 'delete') &&
    (value[4] === null || typeof value[4] === 'string') &&
    isParsedFields(value[5])
  );
}

/**
 * A format 2 page's rows, checked in place and turned into the rows the engine reads,
 * in the same array: one small object per row, no copy of the fields.
 */
const pulledRowArraysSchema = z
  .custom<unknown[]>((value) => Array.isArray(value) && value.every(isPulledRowArray), 'Not a page of pulled rows')
  .transform((rows) => {
    for (let i = 0; i < rows.length; i++) {
      const [seq, table, rowId, op, hlc, fields] = rows[i] as [
        number,
        string,
        string,
        PulledRow['op'],
        string | null,
        Record<string, unknown>,
      ];
      rows[i] = { seq, table, rowId, op, fields, hlc } satisfies PulledRow;
    }
    return rows as PulledRow[];
  });

export const pullResponseSchema = z.object({
  epoch: z.string(),
  /** Format 1 (objects) from any hub; format 2 (arrays) from a hub of 0145 or later, when asked. */
  rows: z.union([pulledRowsSchema, pulledRowArraysSchema]),
  /** Where the next page starts: the last row's sequence, or `after` when the page is empty. */
  cursor: z.number().int(),
  /** The tenant's latest committed sequence, for the first-sync progress bar. */
  highWater: z.number().int(),
  hasMore: z.boolean(),
  hubTime: z.string(),
  /**
   * Counts changes to the organization's users: the workstation fetches the roster
   * (POST /v1/accounts) only when it moved. Hubs before decision 0150 leave it out, and
   * the workstation then fetches the roster after every cycle, as it did.
   */
  rosterVersion: z.number().int().min(0).optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/**
 * An account as the hub hands it to a workstation so sign-in works offline: the
 * hub's own scrypt verifier string (src-shared/session/verifier.ts). The enrolled
 * workstation receives every active account of its organization at enrollment, and
 * the signed-in user's fresh one at each sign-in (a changed password follows).
 */
export const provisionedAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  verifier: verifierSchema,
});
export type HubAccount = z.infer<typeof provisionedAccountSchema>;

/**
 * The organization's accounts as the hub holds them now: who may sign in, and the
 * ids of accounts IT has disabled, so a workstation stops offline sign-in for them too.
 */
export const accountRosterSchema = z.object({
  accounts: z.array(provisionedAccountSchema),
  disabled: z.array(z.string()),
});
export type AccountRoster = z.infer<typeof accountRosterSchema>;

export const enrollRequestSchema = z.strictObject({
  code: z.string().trim().min(6).max(64),
  deviceName: z.string().trim().min(1).max(100),
});
export const enrollResponseSchema = z.object({
  deviceId: z.string(),
  deviceSecret: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  epoch: z.string(),
  accounts: z.array(provisionedAccountSchema),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/** What a workstation proves itself with: the credential it got at enrollment. */
export const deviceCredentialSchema = z.strictObject({
  deviceId: opaqueId,
  deviceSecret: z.string().min(16).max(128),
});

export const signInRequestSchema = deviceCredentialSchema.extend({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1024),
});

export const hubUserSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});
export type HubUser = z.infer<typeof hubUserSchema>;

export const signInResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: hubUserSchema,
  organizationId: z.string(),
  account: provisionedAccountSchema,
  hubTime: z.string(),
  /**
   * How many changes this hub takes in one push, as in a push answer (decision 0134):
   * a workstation's first push is then full size. Absent from older hubs.
   */
  maxBatchChanges: z.number().int().min(1).optional(),
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const deviceStateSchema = z.object({
  deviceId: z.string(),
  lastBatchSeq: z.number().int(),
  epoch: z.string(),
  highWater: z.number().int(),
});
export type DeviceState = z.infer<typeof deviceStateSchema>;

/** What a push notice (server-sent event `change`) carries. */
export const noticeSchema = z.object({ highWater: z.number().int() });

/**
 * The error body of every 4xx/5xx. `expectedBatchSeq` comes with BATCH_GAP and BATCH_MISMATCH,
 * `maxBatchChanges` with a TOO_LARGE push.
 */
export const HUB_ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BATCH_GAP',
  'BATCH_MISMATCH',
  'EPOCH_CHANGED',
  'RATE_LIMITED',
  'TOO_LARGE',
  'INTERNAL',
] as const;
export type HubErrorCode = (typeof HUB_ERROR_CODES)[number];
export const hubErrorSchema = z.object({
  error: z.object({
    code: z.enum(HUB_ERROR_CODES),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    expectedBatchSeq: z.number().int().optional(),
    epoch: z.string().optional(),
    /** With TOO_LARGE for a push of more changes than the hub accepts. */
    maxBatchChanges: z.number().int().optional(),
  }),
});
export type HubErrorBody = z.infer<typeof hubErrorSchema>;
