import { sql } from 'drizzle-orm';
import { bigint, boolean, index, json, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * The hub's tables. Every tenant-owned table starts its key with `org_id`, and
 * every query in src-server names it: one organization's token can never reach
 * another's rows, and the keys are ready for partitioning by organization
 * (docs/sync.md).
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** Facts about this hub database: its epoch (a new one after a restore from backup). */
export const hubMeta = pgTable('hub_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /**
   * Counts changes to the organization's users (a trigger on `users`, migration 0003): the pull
   * answer carries it, so a workstation fetches the roster only when it moved (decision 0150).
   */
  rosterVersion: bigint('roster_version', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
});

/**
 * The tenant's sequence. A push locks its organization's row until commit, so
 * sequence numbers are handed out in commit order and a puller never skips a row
 * that commits later with a smaller number.
 */
export const orgSequences = pgTable('org_sequences', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    /** `scrypt$N$r$p$salt$hash`, base64url parts. */
    passwordHash: text('password_hash').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique('users_org_username').on(t.orgId, t.username)],
);

export const devices = pgTable(
  'devices',
  {
    id: text('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    /** SHA-256 of the device secret: it is 256 random bits, so a slow hash adds nothing. */
    secretHash: text('secret_hash').notNull(),
    lastBatchSeq: bigint('last_batch_seq', { mode: 'number' }).notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('devices_org').on(t.orgId)],
);

export const enrollmentCodes = pgTable('enrollment_codes', {
  codeHash: text('code_hash').primaryKey(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  deviceId: text('device_id'),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    deviceId: text('device_id')
      .notNull()
      .references(() => devices.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_expiry').on(t.expiresAt)],
);

/** Every committed batch and the exact response it got, so a replay gets the same answer. */
export const batches = pgTable(
  'batches',
  {
    orgId: uuid('org_id').notNull(),
    deviceId: text('device_id').notNull(),
    batchSeq: bigint('batch_seq', { mode: 'number' }).notNull(),
    changeIds: json('change_ids').$type<string[]>().notNull(),
    response: json('response').notNull(),
    committedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.deviceId, t.batchSeq] })],
);

/** One result per change, committed with the change: a change id is applied at most once. */
export const changeResults = pgTable(
  'change_results',
  {
    orgId: uuid('org_id').notNull(),
    changeId: uuid('change_id').notNull(),
    deviceId: text('device_id').notNull(),
    batchSeq: bigint('batch_seq', { mode: 'number' }).notNull(),
    userId: text('user_id'),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    seq: bigint('seq', { mode: 'number' }),
    committedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.changeId] })],
);

/**
 * The current state of every synced row, one version per row: `version` is the
 * tenant sequence of its last write, so pulling "rows with version > cursor" is a
 * compacted change feed (an edited row is sent once, at its latest state).
 * Deleted rows stay as tombstones with their fields dropped.
 */
export const records = pgTable(
  'records',
  {
    orgId: uuid('org_id').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    /** `json`, not `jsonb`, here and below: written and read back whole, never searched inside (decision 0114). */
    fields: json('fields').$type<Record<string, unknown>>().notNull(),
    /** Per field: `[hlc, seq, deviceId]` of the write that set it. */
    fieldStamps: json('field_stamps').$type<Record<string, [string, number, string]>>().notNull(),
    deleted: boolean('deleted').notNull().default(false),
    hlc: text('hlc'),
    version: bigint('version', { mode: 'number' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.tableName, t.rowId] }),
    index('records_feed').on(t.orgId, t.version),
    index('records_patient_dob')
      .on(t.orgId, sql`(${t.fields}->>'dateOfBirth')`)
      .where(sql`${t.tableName} = 'patients' AND NOT ${t.deleted}`),
  ],
);

/** Audit events from every workstation, kept by the hub alone (hub-only kind). */
export const auditTrail = pgTable(
  'audit_trail',
  {
    orgId: uuid('org_id').notNull(),
    id: text('id').notNull(),
    deviceId: text('device_id').notNull(),
    fields: json('fields').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/**
 * The booking ledger. Its exclusion constraint (hand-written migration, btree_gist)
 * makes two active appointments of one provider overlapping in time impossible,
 * whatever any workstation believed while offline.
 */
export const appointments = pgTable(
  'appointments',
  {
    orgId: uuid('org_id').notNull(),
    id: text('id').notNull(),
    providerId: text('provider_id').notNull(),
    patientId: text('patient_id').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, mode: 'string' }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, mode: 'string' }).notNull(),
    status: text('status').notNull(),
    bookedBy: text('booked_by'),
    deviceId: text('device_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);
