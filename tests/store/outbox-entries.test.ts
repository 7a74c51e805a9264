import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { CHANGE_ID_AS_TEXT, outbox, outboxChangeId, outboxFields, outboxHlc } from '../../src-main/store/outbox.table';
import { OUTBOX_KEY_LISTS } from '../../src-main/store/outbox-keys';
import * as schema from '../../src-main/store/schema';
import { insertPatient } from '../../src-main/patients/table';
import { intakeSchema } from '../../src-shared/patients/intake';
import { fullIntake } from '../patients/fixtures';
import { freshStoreFile } from '../support/store-file';

type Entry = { table_name: string; row_id: string; op: string; fields: string; hlc: string };
const entries = (store: ReturnType<typeof freshStoreFile>['store']) =>
  store.sqlite.prepare('SELECT table_name, row_id, op, fields, hlc FROM outbox ORDER BY seq').all() as Entry[];
/** The change ids as the push reads them. */
const viaSql = (store: ReturnType<typeof freshStoreFile>['store']) =>
  (
    store.sqlite.prepare(`SELECT ${CHANGE_ID_AS_TEXT} AS id FROM outbox ORDER BY seq`).all() as Array<{ id: string }>
  ).map((r) => outboxChangeId(r.id));
/** The change an entry holds, as the sync engine sends it to the hub. */
const changeOf = (e: Entry, deviceId: string) => ({
  table: e.table_name,
  rowId: e.row_id,
  op: e.op,
  fields: JSON.stringify(outboxFields(e)),
  hlc: outboxHlc(e.hlc, deviceId),
});

describe('outbox entries (decisions 0039, 0043, 0044)', () => {
  it('hold each change whole, stored without the id and clock node they would hold twice', () => {
    const { store } = freshStoreFile();
    const task = { id: 't-1', title: 'Call back', dueAt: null };
    const changes = [
      { tableName: 'tasks', rowId: 't-1', op: 'insert' as const, fields: task },
      { tableName: 'task_events', rowId: 'e-1', op: 'append' as const, fields: { id: 'e-1' } },
      { tableName: 'tasks', rowId: 't-1', op: 'update' as const, fields: { id: 't-1', title: 'Renamed' } },
      // Not the row's own id first: stored as it is.
      { tableName: 'appointments', rowId: 'a-1', op: 'insert' as const, fields: { command: 'book', id: 'a-1' } },
      { tableName: 'tasks', rowId: 't-2', op: 'insert' as const, fields: { id: 't-20', title: 'Other' } },
    ];
    const stamps = store.write((tx) => changes.map((c) => store.recordChange(tx, c, { userId: 'u1' })));

    const stored = entries(store);
    expect(stored.map((e) => e.fields)).toEqual([
      '{"title":"Call back","dueAt":null}',
      '{}',
      '{"id":"t-1","title":"Renamed"}',
      '{"command":"book","id":"a-1"}',
      '{"id":"t-20","title":"Other"}',
    ]);
    expect(stored.every((e) => !e.hlc.includes(store.deviceId))).toBe(true);
    expect(stored.map((e) => changeOf(e, store.deviceId))).toEqual(
      changes.map((c, i) => ({
        table: c.tableName,
        rowId: c.rowId,
        op: c.op,
        fields: JSON.stringify(c.fields),
        hlc: stamps[i],
      })),
    );
    store.close();
  });

  it('of a new patient store field names by position and give back the very same change', () => {
    const { store } = freshStoreFile();
    const recorded: Array<{ table: string; rowId: string; op: string; fields: string }> = [];
    const record = store.recordChange.bind(store);
    store.recordChange = (tx, change, actor) => {
      recorded.push({
        table: change.tableName,
        rowId: change.rowId,
        op: change.op,
        fields: JSON.stringify(change.fields),
      });
      return record(tx, change, actor);
    };
    const patient = store.write((tx) =>
      insertPatient(store, tx, intakeSchema.parse(fullIntake()), { userId: 'u1' }, new Date('2026-03-02T10:00:00Z')),
    );

    const stored = entries(store);
    // The patient and every child row of a full intake: phones, people, coverage, consents, answers, needs.
    expect(new Set(stored.map((e) => e.table_name)).size).toBe(7);
    expect(stored.every((e) => e.fields.startsWith('["'))).toBe(true);
    const row = stored[0]!;
    expect(row.fields).not.toContain('firstName');
    expect(JSON.parse(row.fields)).toContain(patient.firstName);
    expect(stored.map((e) => ({ ...changeOf(e, store.deviceId), hlc: undefined }))).toEqual(
      recorded.map((c) => ({ ...c, hlc: undefined })),
    );
    // Half the bytes or less: the names were most of a new row's entry.
    const asJson = recorded.reduce((n, c) => n + c.fields.length, 0);
    expect(stored.reduce((n, e) => n + e.fields.length, 0)).toBeLessThan(asJson * 0.6);
    store.close();
  });

  it('keep the order and the values of the fields as written, whatever they are', () => {
    const { store } = freshStoreFile();
    const odd = [
      // Out of the list's order, with a value JSON leaves out (undefined) and nested ones.
      { lastName: 'O"Brien\\', id: 'p-1', firstName: 'Zoë', middleName: undefined, mrn: 'MRN-1', email: null },
      // A field with no name in the list: the entry is stored as plain JSON.
      { id: 'p-2', firstName: 'Ana', nickname: 'Annie' },
      { id: 'p-3' },
      { slot: 0, number: '+16175550100', textOk: true, id: 'p-4/phone/0', patientId: 'p-4' },
    ];
    const tables = ['patients', 'patients', 'patients', 'patient_phones'];
    store.write((tx) =>
      odd.forEach((fields, i) =>
        store.recordChange(tx, { tableName: tables[i]!, rowId: fields.id, op: 'insert', fields }, { userId: 'u1' }),
      ),
    );
    const stored = entries(store);
    expect(stored.map((e) => e.fields.slice(0, 2))).toEqual(['["', '{"', '["', '["']);
    expect(stored.map((e) => JSON.stringify(outboxFields(e)))).toEqual(odd.map((f) => JSON.stringify(f)));
    store.close();
  });

  it('written by an earlier version (the id and the node in them) are read as they were', () => {
    const { store } = freshStoreFile();
    const hlc = '001796081752343-00000-ws_0123456789abcdef';
    const fields = '{"id":"p-1","firstName":"Ada"}';
    store.sqlite
      .prepare(
        `INSERT INTO outbox (change_id, table_name, row_id, op, fields, hlc, user_id, base_cursor)
         VALUES ('01a22ed0-9917-7943-aa01-20905de9f6c0', 'patients', 'p-1', 'insert', ?, ?, 'u1', 0)`,
      )
      .run(fields, hlc);
    expect(changeOf(entries(store)[0]!, store.deviceId)).toEqual({
      table: 'patients',
      rowId: 'p-1',
      op: 'insert',
      fields,
      hlc,
    });
    const { change_id: changeId } = store.sqlite.prepare('SELECT change_id FROM outbox').get() as {
      change_id: Uint8Array | string;
    };
    expect(outboxChangeId(changeId)).toBe('01a22ed0-9917-7943-aa01-20905de9f6c0');
    expect(viaSql(store)).toEqual(['01a22ed0-9917-7943-aa01-20905de9f6c0']);
    store.close();
  });

  it('keep their change id as its 16 bytes and give back the uuid the hub knows it by', () => {
    const { store } = freshStoreFile();
    const before = Date.now();
    store.write((tx) =>
      ['t-1', 't-2'].forEach((id) =>
        store.recordChange(tx, { tableName: 'tasks', rowId: id, op: 'insert', fields: { id } }, { userId: 'u1' }),
      ),
    );
    const stored = store.sqlite.prepare('SELECT change_id FROM outbox ORDER BY seq').all() as Array<{
      change_id: Uint8Array;
    }>;
    expect(stored.map((r) => r.change_id.length)).toEqual([16, 16]);
    const ids = stored.map((r) => outboxChangeId(r.change_id));
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    // Time-ordered: the first 48 bits are the milliseconds it was made.
    const made = parseInt(ids[0]!.replace('-', '').slice(0, 12), 16);
    expect(made).toBeGreaterThanOrEqual(before);
    expect(made).toBeLessThanOrEqual(Date.now());
    // The typed reader (drizzle) reads the text too, and so does the push's SQL.
    expect(
      store.db
        .select()
        .from(outbox)
        .all()
        .map((r) => r.changeId),
    ).toEqual(ids);
    expect(viaSql(store)).toEqual(ids);
    store.close();
  });

  it('stored by position by this version stay readable: the names are only ever added to', () => {
    // As 0043 stored them; a list reordered or shortened would read these wrongly, and fail here.
    const kept: Array<[Entry, Record<string, unknown>]> = [
      [
        {
          table_name: 'patients',
          row_id: 'p-1',
          op: 'insert',
          fields: '["12345m","MRN-1","Ada","Lovelace","1815-12-10","+16175550100",false]',
          hlc: '',
        },
        {
          id: 'p-1',
          mrn: 'MRN-1',
          firstName: 'Ada',
          lastName: 'Lovelace',
          dateOfBirth: '1815-12-10',
          phone: '+16175550100',
          interpreterNeeded: false,
        },
      ],
      [
        {
          table_name: 'patient_phones',
          row_id: 'p-1/phone/0',
          op: 'insert',
          fields: '["123456","p-1",0,"+16175550100","mobile",true,false]',
          hlc: '',
        },
        {
          id: 'p-1/phone/0',
          patientId: 'p-1',
          slot: 0,
          number: '+16175550100',
          type: 'mobile',
          textOk: true,
          voicemailOk: false,
        },
      ],
    ];
    for (const [entry, fields] of kept) expect(outboxFields(entry)).toEqual(fields);
    // One naming a field this version does not know is unreadable (set aside by the push, not guessed).
    expect(() =>
      outboxFields({ table_name: 'patient_phones', row_id: 'x', op: 'insert', fields: '["9","?"]' }),
    ).toThrow(/unknown/);
  });

  it('have a name for every column of the tables stored by position', () => {
    const tables = (Object.values(schema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable));
    for (const [name, keys] of Object.entries(OUTBOX_KEY_LISTS)) {
      const table = tables.find((t) => getTableName(t) === name);
      expect(table, name).toBeDefined();
      // A column without one is not lost (its entries go as plain JSON), only stored larger: add it at the end.
      expect(
        Object.keys(getTableColumns(table!)).filter((k) => !keys.includes(k)),
        name,
      ).toEqual([]);
    }
  });
});
