import Database from 'better-sqlite3';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCachePragmas, keyConnection } from '../src-main/store/database';
import { median } from './benchmark';
import { BULK_BATCH, BULK_INTAKES, BULK_PATIENTS } from './bulk-insert';

/*
 * The floor under issue 2's store budgets: what the store bench's 20,000 patients cost, encrypted
 * against plain, when each is written as the least the issue asks of a patient write — the row
 * (name, date of birth, phone) and its change in an outbox, in the same transaction, 1,000 a
 * transaction, WAL, `synchronous = FULL`, the store's cache pragmas, the WAL copied back inside the
 * clock (as store.bench.ts) — raw SQL through prepared statements, no JavaScript of ours between.
 * - `rows`: the row (keyed by its uuid) and one outbox entry, nothing else;
 * - `searchable`: plus what finding a patient by name, date of birth or phone needs, one b-tree each.
 * Also the cost of one HMAC-SHA512 of a 4 KiB page in OpenSSL (Node's crypto), what SQLCipher pays
 * per page written, per page a checkpoint reads and per page it writes (in the driver's own C, which
 * is slower). A probe, not a benchmark: `npx tsx bench/insert-floor.ts [rounds]` (5 by default).
 */
const SCHEMAS = {
  rows: [
    'CREATE TABLE patients (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, date_of_birth TEXT, phone TEXT)',
    'CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, change_id BLOB, table_name TEXT, row_id TEXT, op TEXT, fields TEXT, hlc TEXT)',
  ],
  searchable: [
    'CREATE TABLE patients (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, date_of_birth TEXT, phone TEXT)',
    'CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, change_id BLOB, table_name TEXT, row_id TEXT, op TEXT, fields TEXT, hlc TEXT)',
    'CREATE INDEX patients_name ON patients (last_name, first_name)',
    'CREATE INDEX patients_dob ON patients (date_of_birth)',
    'CREATE INDEX patients_phone ON patients (phone)',
  ],
} as const;

/** The workload's rows, made up front so the clock times SQLite alone. */
const ROWS = BULK_INTAKES.map((intake, i) => {
  const [m, d, y] = intake.identity.dateOfBirth.split('/');
  const row = {
    id: randomUUID(),
    first_name: intake.identity.firstName,
    last_name: intake.identity.lastName,
    date_of_birth: `${y}-${m}-${d}`,
    phone: intake.contact.phones[0]!.number,
  };
  return {
    row,
    fields: JSON.stringify(row),
    changeId: randomBytes(16),
    hlc: `${(1_800_000_000_000 + i).toString(36)}-0000`,
  };
});

function open(path: string, encrypted: boolean, schema: readonly string[]): Database.Database {
  const sqlite = new Database(path);
  if (encrypted) keyConnection(sqlite, randomBytes(32));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  applyCachePragmas(sqlite);
  for (const statement of schema) sqlite.exec(statement);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return sqlite;
}

function round(encrypted: boolean, schema: readonly string[]): { rate: number; cpuMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-floor-'));
  try {
    const sqlite = open(join(dir, 'f.db'), encrypted, schema);
    const insertRow = sqlite.prepare(
      'INSERT INTO patients (id, first_name, last_name, date_of_birth, phone) VALUES (@id, @first_name, @last_name, @date_of_birth, @phone)',
    );
    const append = sqlite.prepare(
      `INSERT INTO outbox (change_id, table_name, row_id, op, fields, hlc) VALUES (?, 'patients', ?, 'insert', ?, ?)`,
    );
    const batch = sqlite.transaction((from: number) => {
      for (let i = from; i < from + BULK_BATCH; i++) {
        const r = ROWS[i]!;
        insertRow.run(r.row);
        append.run(r.changeId, r.row.id, r.fields, r.hlc);
      }
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < BULK_PATIENTS; i += BULK_BATCH) batch(i);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    sqlite.close();
    return { rate: BULK_PATIENTS / seconds, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hmacStarted = process.cpuUsage();
const page = randomBytes(4096);
const hmacKey = randomBytes(64);
for (let i = 0; i < 20_000; i++) createHmac('sha512', hmacKey).update(page).digest();
const hmacUs = (process.cpuUsage(hmacStarted).user / 20_000).toFixed(1);
console.log(`HMAC-SHA512 of a 4 KiB page (OpenSSL): ${hmacUs} µs of CPU; load ${loadavg()[0]!.toFixed(2)}`);

const rounds = Number(process.argv[2] ?? 5);
for (const [name, schema] of Object.entries(SCHEMAS)) {
  round(true, schema);
  round(false, schema);
  const enc: Array<ReturnType<typeof round>> = [];
  const plain: Array<ReturnType<typeof round>> = [];
  for (let r = 0; r < rounds; r++) {
    // Which side goes first alternates, as in store.bench.ts.
    if (r % 2 === 0) {
      enc.push(round(true, schema));
      plain.push(round(false, schema));
    } else {
      plain.push(round(false, schema));
      enc.push(round(true, schema));
    }
  }
  const rate = (xs: typeof enc) => Math.round(median(xs.map((x) => x.rate)));
  const cpu = (xs: typeof enc) => Math.round(median(xs.map((x) => x.cpuMs)));
  console.log(
    `${name}: encrypted ${rate(enc)}/s (CPU ${cpu(enc)} ms), plain ${rate(plain)}/s (CPU ${cpu(plain)} ms), ` +
      `ratio ${(median(plain.map((x) => x.rate)) / median(enc.map((x) => x.rate))).toFixed(2)}, ` +
      `CPU ratio ${(cpu(enc) / cpu(plain)).toFixed(2)}, rounds' own ratios ${enc.map((e, i) => (plain[i]!.rate / e.rate).toFixed(2)).join(' ')}, ` +
      `load ${loadavg()[0]!.toFixed(2)}`,
  );
}
