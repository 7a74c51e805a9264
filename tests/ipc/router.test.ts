import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/ipc/contract';
import { addUser, freshCareDesk, fromWindow } from '../support/store';
import { outboxFields, type StoredOutboxEntry } from '../../src-main/store/outbox.table';

type App = ReturnType<typeof freshCareDesk>;
let app: App;
beforeEach(() => {
  app = freshCareDesk();
});
afterEach(() => app.dispose());

/** Row counts of every table: "nothing written" means none of these moved. */
function tableCounts(): Record<string, number> {
  const tables = app.store.sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'patients_fts_%'`,
    )
    .all() as Array<{ name: string }>;
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (app.store.sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n,
    ]),
  );
}

// Inputs no channel accepts: wrong types, smuggled fields, prototype tricks, oversized strings.
const MALFORMED: unknown[] = [
  undefined,
  null,
  42,
  'patients',
  [],
  { __proto__: { admin: true } },
  { unexpected: 'field', another: 1 },
  { id: 'x'.repeat(100_000) },
  { query: { $ne: null } },
  { firstName: 42, lastName: [], dateOfBirth: {}, phone: null },
];

describe('the IPC router', () => {
  it.each(Object.keys(contract))(
    '%s rejects malformed input with a VALIDATION error and writes nothing',
    async (channel) => {
      // Signed in with a role the channel allows: roles are checked before input.
      const roles = contract[channel as keyof typeof contract].roles;
      if (roles !== 'public') app.session.openFor(addUser(app, roles[0], `walk.${roles[0]}`).username);
      const before = tableCounts();
      for (const input of MALFORMED) {
        const parsed = contract[channel as keyof typeof contract].input.safeParse(input);
        if (parsed.success) continue; // e.g. `{}` is valid for a channel that takes no fields
        const result = await app.router(channel, input, fromWindow);
        expect(result.ok, `${channel} accepted ${JSON.stringify(input)?.slice(0, 60)}`).toBe(false);
        if (!result.ok) expect(result.error.code).toBe('VALIDATION');
      }
      expect(tableCounts()).toEqual(before);
    },
  );

  it('rejects an unknown channel, including names that exist on Object.prototype', async () => {
    const before = tableCounts();
    for (const name of ['patients.drop', 'constructor', '__proto__', 'toString', '']) {
      const result = await app.router(name, {}, fromWindow);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(tableCounts()).toEqual(before);
  });

  it('refuses calls from another origin or a subframe', async () => {
    const input = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '12/10/1985', phone: '617-555-0100' };
    const before = tableCounts();
    for (const sender of [
      { origin: 'https://evil.example', mainFrame: true },
      { origin: fromWindow.origin, mainFrame: false },
    ]) {
      expect(await app.router('patients.create', input, sender)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    }
    expect(tableCounts()).toEqual(before);
  });

  it('ties validation errors to the fields that caused them', async () => {
    const result = await app.router(
      'patients.create',
      { firstName: '', lastName: 'Lovelace', dateOfBirth: '02/30/1990', phone: '555' },
      fromWindow,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.error.fields ?? {}).sort()).toEqual(['dateOfBirth', 'firstName', 'phone']);
    expect(result.error.fields?.firstName).toBe('First name is required');
  });

  it('writes the patient, its outbox change and its audit event together, normalised', async () => {
    const result = await app.router(
      'patients.create',
      { firstName: ' Ada ', lastName: 'Lovelace', dateOfBirth: '12-10-1985', phone: '617 555 0100' },
      fromWindow,
    );
    expect(result).toMatchObject({
      ok: true,
      value: { firstName: 'Ada', dateOfBirth: '1985-12-10', phone: '+16175550100' },
    });
    if (!result.ok) return;
    const id = (result.value as { id: string }).id;
    const changes = app.store.sqlite
      .prepare('SELECT table_name, row_id, op, fields, hlc FROM outbox ORDER BY seq')
      .all() as Array<StoredOutboxEntry & { hlc: string }>;
    // The patient, its child rows (the phone), then the audit event: one transaction, in clock order.
    expect(changes.map((c) => [c.table_name, c.op])).toEqual([
      ['patients', 'insert'],
      ['patient_phones', 'insert'],
      ['audit_events', 'append'],
    ]);
    expect(changes.map((c) => c.hlc)).toEqual(changes.map((c) => c.hlc).sort());
    // As the hub receives it: the entry stores the insert without its leading id (decision 0039).
    const first = changes[0]!;
    expect(outboxFields(first)).toMatchObject({ id, lastName: 'Lovelace' });
    const audit = app.store.sqlite.prepare('SELECT action, channel, patient_ids, username FROM audit_events').all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', channel: 'patients.create', patient_ids: JSON.stringify([id]) });
  });

  it('audits every read of a patient: a view and a search each name the patient', async () => {
    const created = await app.router(
      'patients.create',
      { firstName: 'Grace', lastName: 'Hopper', dateOfBirth: '12/09/1966', phone: '6175550111' },
      fromWindow,
    );
    const id = created.ok ? (created.value as { id: string }).id : '';
    await app.router('patients.get', { id }, fromWindow);
    await app.router('patients.search', { query: 'hopper' }, fromWindow);
    await app.router('patients.search', { query: 'nobody-matches' }, fromWindow);
    const audit = app.store.sqlite.prepare('SELECT action, patient_ids FROM audit_events ORDER BY seq').all();
    expect(audit).toEqual([
      { action: 'create', patient_ids: JSON.stringify([id]) },
      { action: 'view', patient_ids: JSON.stringify([id]) },
      { action: 'search', patient_ids: JSON.stringify([id]) },
      { action: 'search', patient_ids: '[]' },
    ]);
  });

  it('rolls back the work when the change cannot be completed', async () => {
    const before = tableCounts();
    // A patient id that does not exist: NOT_FOUND, and no audit of a view that never happened.
    const result = await app.router('patients.get', { id: '00000000-0000-4000-8000-000000000000' }, fromWindow);
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(tableCounts()).toEqual(before);
  });
});
