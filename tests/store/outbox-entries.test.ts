import { describe, expect, it } from 'vitest';
import { outboxFields, outboxHlc } from '../../src-main/store/outbox.table';
import { freshStoreFile } from '../support/store-file';

type Entry = { table_name: string; row_id: string; op: string; fields: string; hlc: string };
const entries = (store: ReturnType<typeof freshStoreFile>['store']) =>
  store.sqlite.prepare('SELECT table_name, row_id, op, fields, hlc FROM outbox ORDER BY seq').all() as Entry[];
/** The change an entry holds, as the sync engine sends it to the hub. */
const changeOf = (e: Entry, deviceId: string) => ({
  table: e.table_name,
  rowId: e.row_id,
  op: e.op,
  fields: JSON.stringify(outboxFields(e.op, e.row_id, e.fields)),
  hlc: outboxHlc(e.hlc, deviceId),
});

describe('outbox entries (decision 0039)', () => {
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
    store.close();
  });
});
