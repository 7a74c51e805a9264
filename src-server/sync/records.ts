import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/connect';

export type FieldStamp = [hlc: string, seq: number, deviceId: string];

/** A synced row's state at the hub, as a push works on it in memory before writing it back. */
export interface RecordState {
  tableName: string;
  rowId: string;
  fields: Record<string, unknown>;
  fieldStamps: Record<string, FieldStamp>;
  deleted: boolean;
  hlc: string | null;
  version: number;
}

export const recordKey = (tableName: string, rowId: string) => `${tableName}\u0000${rowId}`;

/** A patient already at the hub who shares a date of birth with a new one: what the duplicate check compares. */
export interface DuplicateCandidate {
  rowId: string;
  fields: { dateOfBirth: string; lastName: unknown; firstName: unknown; phone: unknown };
}

/**
 * The key of a row's shared field stamp (decision 0132): a row whose fields were all
 * written by one change (every new row) stores that stamp once, `{"*": stamp}`,
 * instead of once per field. A field with no stamp of its own has the shared one.
 * No field is named `*` (field names start with a letter).
 */
const SHARED_STAMP = '*';

/** The stamps as stored: the shared form when every field has one and the same stamp. */
function storedStamps(r: Pick<RecordState, 'fields' | 'fieldStamps'>): Record<string, FieldStamp> {
  let shared: FieldStamp | undefined;
  let n = 0;
  for (const field in r.fields) {
    const stamp = r.fieldStamps[field];
    if (!stamp) return r.fieldStamps;
    if (!shared) shared = stamp;
    else if (stamp !== shared && (stamp[0] !== shared[0] || stamp[1] !== shared[1] || stamp[2] !== shared[2]))
      return r.fieldStamps;
    n++;
  }
  if (!shared || Object.keys(r.fieldStamps).length !== n) return r.fieldStamps;
  return { [SHARED_STAMP]: shared };
}

/** The stamps as a merge reads them: one per field, the shared one given to every field without its own. */
function expandStamps(fields: Record<string, unknown>, stored: Record<string, FieldStamp>): Record<string, FieldStamp> {
  const shared = stored[SHARED_STAMP];
  if (!shared) return stored;
  const stamps: Record<string, FieldStamp> = {};
  for (const field in fields) stamps[field] = stored[field] ?? shared;
  for (const field in stored) if (field !== SHARED_STAMP) stamps[field] = stored[field]!;
  return stamps;
}

/** A date of birth shared by thousands (1900-01-01 placeholders) must not make a push slow. */
const CANDIDATES_PER_BIRTH_DATE = 200;

/** What a batch reads: its change ids, the rows it touches, and its new patients' birth dates. */
export interface BatchRead {
  changeIds: readonly string[];
  keys: ReadonlyArray<{ tableName: string; rowId: string }>;
  birthDates: readonly string[];
}

/** What a batch works on, as of one snapshot. */
export interface BatchState {
  /** The change ids the hub already has a result for, with the sequence each produced. */
  known: Map<string, number | null>;
  rows: Map<string, RecordState>;
  candidates: DuplicateCandidate[];
  /** The organization's sequence the rest is current as of. */
  lastSeq: number;
}

/**
 * What a batch works on, read in one round trip: the change ids the hub already has
 * a result for (with the sequence each produced), the current state of the rows it
 * touches, the patients already here who share a birth date with a new one, and
 * the organization's sequence they are current as of (one snapshot). Each key is its own index probe (a
 * LATERAL subquery with LIMIT cannot be turned into a join): an `= ANY(array)`
 * filter let the planner scan the organization's whole index when its statistics
 * were stale, which made every push slower as the organization grew.
 */
export async function readBatchState(db: Queryable, orgId: string, read: BatchRead): Promise<BatchState> {
  const { rows } = (await db.execute(sql`SELECT ${batchStateColumns(sql`${orgId}::uuid`, read)}`)) as {
    rows: BatchStateRow[];
  };
  return toBatchState(rows[0]!);
}

/** Who is pushing: the hash of the bearer token and the device the push names. */
export interface PushCredential {
  tokenHash: string;
  deviceId: string;
}

/**
 * Opens a device's batch in one round trip: the caller's token checked (unexpired,
 * its device not revoked, its user not disabled, and its device the one the push
 * names: decision 0135), the device's row locked (its batches one at a time, in
 * order), the hub's epoch, and, when given `read`, the batch's read, scoped to the
 * token's organization. That read is taken at the statement's start; if a push of
 * the same device committed after it (this one waited for the row, or just missed
 * it), the row's locked version differs from the one the read saw, and `state` is
 * null: the batch reads again, now that it holds the row. Every committed push moves
 * the row's batch number. Null when the token does not hold for that device.
 */
export async function openBatch(
  db: Queryable,
  credential: PushCredential,
  read: BatchRead | null,
): Promise<{
  orgId: string;
  userId: string;
  lastBatchSeq: number;
  epoch: string | null;
  state: BatchState | null;
} | null> {
  const { rows } = (await db.execute(sql`
    SELECT s.org_id AS "orgId", s.user_id AS "userId", d.last_batch_seq AS "lastBatchSeq",
      (SELECT value FROM hub_meta WHERE key = 'epoch') AS epoch,
      (SELECT x.last_batch_seq FROM devices x WHERE x.org_id = s.org_id AND x.id = d.id) AS "seenBatchSeq"
      ${read ? sql`, ${batchStateColumns(sql`s.org_id`, read)}` : sql``}
    FROM sessions s
    JOIN devices d ON d.id = s.device_id AND d.org_id = s.org_id
    JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = ${credential.tokenHash} AND s.expires_at > ${new Date().toISOString()}::timestamptz
      AND d.id = ${credential.deviceId} AND d.revoked_at IS NULL AND u.disabled_at IS NULL
    FOR UPDATE OF d`)) as {
    rows: Array<
      Partial<BatchStateRow> & {
        orgId: string;
        userId: string;
        lastBatchSeq: string | number;
        seenBatchSeq: string | number;
        epoch: string | null;
      }
    >;
  };
  const [row] = rows;
  if (!row) return null;
  const lastBatchSeq = Number(row.lastBatchSeq);
  const current = read !== null && Number(row.seenBatchSeq) === lastBatchSeq;
  return {
    orgId: row.orgId,
    userId: row.userId,
    lastBatchSeq,
    epoch: row.epoch,
    state: current ? toBatchState(row as BatchStateRow) : null,
  };
}

interface BatchStateRow {
  lastSeq: string | number;
  known: Array<[string, number | null]> | string;
  rows: RecordState[] | string;
  candidates: DuplicateCandidate[] | string;
}

/** `org`: the organization, as a parameter or as a column of the statement it goes into. */
function batchStateColumns(org: SQL, { changeIds, keys, birthDates }: BatchRead) {
  return sql`
      (SELECT last_seq FROM org_sequences WHERE org_id = ${org}) AS "lastSeq",
      (SELECT coalesce(json_agg(json_build_array(k.change_id, r.seq)), '[]')
        FROM unnest(${sql.param(changeIds)}::uuid[]) AS k(change_id)
        CROSS JOIN LATERAL (
          SELECT seq FROM change_results WHERE org_id = ${org} AND change_id = k.change_id LIMIT 1
        ) AS r) AS known,
      (SELECT coalesce(json_agg(r), '[]')
        FROM unnest(${sql.param(keys.map((k) => k.tableName))}::text[], ${sql.param(keys.map((k) => k.rowId))}::text[])
          AS k(table_name, row_id)
        CROSS JOIN LATERAL (
          SELECT table_name AS "tableName", row_id AS "rowId", fields, field_stamps AS "fieldStamps", deleted, hlc, version
          FROM records
          WHERE org_id = ${org} AND table_name = k.table_name AND row_id = k.row_id
          LIMIT 1) AS r) AS rows,
      (SELECT coalesce(json_agg(c), '[]')
        FROM unnest(${sql.param(birthDates)}::text[]) AS b(birth_date)
        CROSS JOIN LATERAL (
          -- Spelled as the partial index records_patient_dob is, so each birth date is one index range.
          SELECT row_id AS "rowId", json_build_object('dateOfBirth', b.birth_date, 'lastName', fields->'lastName',
            'firstName', fields->'firstName', 'phone', fields->'phone') AS fields
          FROM records
          WHERE org_id = ${org} AND table_name = 'patients' AND NOT deleted
            AND (fields->>'dateOfBirth') = b.birth_date
          LIMIT ${CANDIDATES_PER_BIRTH_DATE}) AS c) AS candidates`;
}

function toBatchState(state: BatchStateRow): BatchState {
  const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  const found = new Map<string, RecordState>();
  for (const r of json(state.rows)) {
    const fieldStamps = expandStamps(r.fields, r.fieldStamps);
    found.set(recordKey(r.tableName, r.rowId), { ...r, fieldStamps, version: Number(r.version) });
  }
  return {
    known: new Map(json(state.known)),
    rows: found,
    candidates: json(state.candidates),
    lastSeq: Number(state.lastSeq),
  };
}

/**
 * The rows written after sequence `after`, by key and birth date: what a batch read
 * before the organization's lock checks against once it holds it. One range of the
 * feed index, as long as the pushes committed in between.
 */
export async function writtenSince(
  db: Queryable,
  orgId: string,
  after: number,
): Promise<Array<{ tableName: string; rowId: string; dateOfBirth: string | null }>> {
  const { rows } = (await db.execute(sql`
    SELECT table_name AS "tableName", row_id AS "rowId", fields->>'dateOfBirth' AS "dateOfBirth"
    FROM records WHERE org_id = ${orgId}::uuid AND version > ${after}`)) as {
    rows: Array<{ tableName: string; rowId: string; dateOfBirth: string | null }>;
  };
  return rows;
}

/** Everything a batch writes, committed with one statement. */
export interface BatchWrites {
  orgId: string;
  deviceId: string;
  batchSeq: number;
  /** Rows the batch read and found: written over. */
  records: readonly RecordState[];
  /**
   * Rows the batch read and did not find, or made (review items): inserted plainly,
   * without ON CONFLICT's speculative insertion. Nobody can have written one since:
   * the batch holds its organization's lock, and a batch is kept only if nothing it
   * read, found or not, was written after its read (or it read under the lock).
   */
  newRecords: readonly RecordState[];
  results: ReadonlyArray<{
    changeId: string;
    userId: string | null;
    tableName: string;
    rowId: string;
    status: string;
    reason: string | null;
    seq: number | null;
  }>;
  audit: ReadonlyArray<{ id: string; fields: unknown }>;
  changeIds: readonly string[];
  response: unknown;
  /**
   * The organization's sequence the batch was worked out against: the statement locks
   * the sequence and writes only if it still is this (decision 0133).
   */
  baseSeq: number;
  /** The organization's sequence after the batch; the notice goes out only when it moved. */
  lastSeq: number;
  sequenceMoved: boolean;
  notice: { channel: string; payload: string };
}

/**
 * Takes the organization's sequence lock and, if the sequence still is `baseSeq`,
 * writes the rows, the results, the audit events, the batch's stored answer, the
 * device's batch number and the new sequence: one statement of data-modifying CTEs
 * (each table once), every write gated on the locked sequence. The lock and the
 * write are one round trip (decision 0133), and the lock is held from there to the
 * commit: that length is the organization's write rate. Returns the locked sequence
 * and whether the batch was written; when it was not (another push committed since
 * the batch's read), nothing was, and the caller holds the lock to work the batch
 * out again. Results and audit events travel as one JSON text expanded by
 * `json_to_recordset`; rows as column arrays (`recordColumns`). The `NOTIFY`
 * reaches listeners only when the transaction commits.
 */
export async function writeBatch(db: Queryable, w: BatchWrites): Promise<{ lockedSeq: number; written: boolean }> {
  const json = (value: unknown) => sql`${JSON.stringify(value)}::json`;
  // The sequence lock is taken when the first write evaluates the gate, before it writes anything.
  const gate = sql`EXISTS (SELECT 1 FROM locked WHERE locked.last_seq = ${w.baseSeq})`;
  const { rows } = (await db.execute(sql`
    WITH locked AS (
      SELECT last_seq FROM org_sequences WHERE org_id = ${w.orgId}::uuid FOR UPDATE
    ), new_records AS (
      INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, deleted, hlc, version, updated_at)
      SELECT ${w.orgId}::uuid, u."tableName", u."rowId", u.fields, u."fieldStamps", u.deleted, u.hlc, u.version, now()
      FROM ${recordColumns(w.newRecords)}
      WHERE ${gate}
    ), saved_records AS (
      INSERT INTO records (org_id, table_name, row_id, fields, field_stamps, deleted, hlc, version, updated_at)
      SELECT ${w.orgId}::uuid, u."tableName", u."rowId", u.fields, u."fieldStamps", u.deleted, u.hlc, u.version, now()
      FROM ${recordColumns(w.records)}
      WHERE ${gate}
      ON CONFLICT (org_id, table_name, row_id) DO UPDATE SET
        fields = excluded.fields,
        field_stamps = excluded.field_stamps,
        deleted = excluded.deleted,
        hlc = excluded.hlc,
        version = excluded.version,
        updated_at = excluded.updated_at
    ), saved_results AS (
      INSERT INTO change_results (org_id, change_id, device_id, batch_seq, user_id, table_name, row_id, status, reason, seq)
      SELECT ${w.orgId}::uuid, u."changeId", ${w.deviceId}, ${w.batchSeq}, u."userId", u."tableName", u."rowId",
        u.status, u.reason, u.seq
      FROM json_to_recordset(${json(w.results)})
        AS u("changeId" uuid, "userId" text, "tableName" text, "rowId" text, status text, reason text, seq bigint)
      WHERE ${gate}
    ), saved_audit AS (
      INSERT INTO audit_trail (org_id, id, device_id, fields)
      SELECT ${w.orgId}::uuid, u.id, ${w.deviceId}, u.fields
      FROM json_to_recordset(${json(w.audit)}) AS u(id text, fields json)
      WHERE ${gate}
      ON CONFLICT DO NOTHING
    ), saved_batch AS (
      INSERT INTO batches (org_id, device_id, batch_seq, change_ids, response)
      SELECT ${w.orgId}::uuid, ${w.deviceId}, ${w.batchSeq}, ${JSON.stringify(w.changeIds)}::json,
        ${JSON.stringify(w.response)}::json
      WHERE ${gate}
    ), device AS (
      UPDATE devices SET last_batch_seq = ${w.batchSeq}
      WHERE org_id = ${w.orgId}::uuid AND id = ${w.deviceId} AND ${gate}
    ), sequence AS (
      UPDATE org_sequences SET last_seq = ${w.lastSeq}
      WHERE org_id = ${w.orgId}::uuid AND ${w.sequenceMoved}::boolean AND ${gate}
    )
    SELECT (SELECT last_seq FROM locked) AS "lockedSeq", ${gate} AS written,
      (SELECT pg_notify(${w.notice.channel}, ${w.notice.payload}) WHERE ${w.sequenceMoved}::boolean AND ${gate}) AS notified`)) as {
    rows: Array<{ lockedSeq: string | number; written: boolean }>;
  };
  const [row] = rows;
  return { lockedSeq: Number(row!.lockedSeq), written: row!.written };
}

/** Cannot occur in JSON.stringify's output: it writes control characters inside strings as escapes. */
const JSON_TEXT_SEPARATOR = '\u001e';

/**
 * Rows to write, one array per column (decision 0132). `fields` and field stamps go as
 * JSON texts joined by a separator that JSON text never contains, split by PostgreSQL
 * and cast to `json[]`: each value is parsed once (the cast's check). Inside a
 * `json_to_recordset` document they were parsed three times (the document's cast,
 * the expansion, the column's cast), and an array of JSON texts is escaped element by
 * element by the driver.
 */
function recordColumns(records: readonly RecordState[]) {
  const n = records.length;
  const tableNames = new Array<string>(n);
  const rowIds = new Array<string>(n);
  const deleted = new Array<boolean>(n);
  const hlcs = new Array<string | null>(n);
  const versions = new Array<number>(n);
  const fields = new Array<string>(n);
  const stamps = new Array<string>(n);
  records.forEach((r, i) => {
    tableNames[i] = r.tableName;
    rowIds[i] = r.rowId;
    deleted[i] = r.deleted;
    hlcs[i] = r.hlc;
    versions[i] = r.version;
    fields[i] = JSON.stringify(r.fields);
    stamps[i] = JSON.stringify(storedStamps(r));
  });
  const texts = (values: string[]) =>
    sql`string_to_array(${values.join(JSON_TEXT_SEPARATOR)}::text, ${JSON_TEXT_SEPARATOR}::text)::json[]`;
  return sql`unnest(${sql.param(tableNames)}::text[], ${sql.param(rowIds)}::text[], ${texts(fields)}, ${texts(stamps)},
      ${sql.param(deleted)}::boolean[], ${sql.param(hlcs)}::text[], ${sql.param(versions)}::bigint[])
    AS u("tableName", "rowId", fields, "fieldStamps", deleted, hlc, version)`;
}

/** JSON equality that ignores object key order (two workstations may send one value with its keys in another order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
