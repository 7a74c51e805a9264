import { describe, expect, it } from 'vitest';
import { HubClient, type Fetch } from '../../src-main/sync/hub-client';
import { PULL_FORMAT_HEADER } from '../../src-shared/sync/protocol';

const row = {
  seq: 7,
  table: 'patients',
  rowId: 'p-1',
  op: 'upsert',
  fields: { firstName: 'Ana', lastName: 'Silva' },
  hlc: '001764000000000-00000-ws_a',
};

/** A hub that answers every pull with this page of rows. */
function hubAnswering(rows: unknown[]): HubClient {
  const fetchFn: Fetch = () =>
    Promise.resolve(
      Response.json({
        epoch: 'e1',
        rows,
        cursor: 7,
        highWater: 7,
        hasMore: false,
        hubTime: new Date().toISOString(),
      }),
    );
  return new HubClient('http://hub.test', fetchFn);
}

describe('a pulled page, checked before anything is written', () => {
  it('is taken as the hub sent it', async () => {
    const page = await hubAnswering([row, { ...row, seq: 8, op: 'delete', fields: {}, hlc: null }]).pull('t', 0, 10);
    expect(page.rows).toEqual([row, { ...row, seq: 8, op: 'delete', fields: {}, hlc: null }]);
  });

  it.each([
    ['a table name that is not one', { ...row, table: 'patients; DROP TABLE patients' }],
    ['a field name that is not one', { ...row, fields: { 'first name': 'Ana' } }],
    ['fields that are not an object', { ...row, fields: ['Ana'] }],
    ['an operation the protocol does not have', { ...row, op: 'truncate' }],
    ['a sequence that is not a whole number', { ...row, seq: 7.5 }],
    ['no row id', { ...row, rowId: undefined }],
    ['a stamp that is not text', { ...row, hlc: 17 }],
    ['not a row at all', 'patients'],
  ])('with %s, is refused as an unexpected answer', async (_, bad) => {
    await expect(hubAnswering([row, bad]).pull('t', 0, 10)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

describe('a pulled page of rows as arrays (format 2), checked before anything is written', () => {
  const asArray = (r: {
    seq: number;
    table: string;
    rowId: string;
    op: string;
    hlc: string | null;
    fields: object;
  }) => [r.seq, r.table, r.rowId, r.op, r.hlc, r.fields];
  const tombstone = { ...row, seq: 8, op: 'delete', fields: {}, hlc: null };

  it('is read as the same rows a page of objects gives', async () => {
    const page = await hubAnswering([asArray(row), asArray(tombstone)]).pull('t', 0, 10);
    expect(page.rows).toEqual([row, tombstone]);
  });

  it.each([
    ['a table name that is not one', [7, 'patients; DROP TABLE patients', 'p-1', 'upsert', null, {}]],
    ['a field name that is not one', [7, 'patients', 'p-1', 'upsert', null, { 'first name': 'Ana' }]],
    ['fields that are not an object', [7, 'patients', 'p-1', 'upsert', null, ['Ana']]],
    ['an operation the protocol does not have', [7, 'patients', 'p-1', 'truncate', null, {}]],
    ['a sequence that is not a whole number', [7.5, 'patients', 'p-1', 'upsert', null, {}]],
    ['no row id', [7, 'patients', null, 'upsert', null, {}]],
    ['a stamp that is not text', [7, 'patients', 'p-1', 'upsert', 17, {}]],
    ['a missing part', [7, 'patients', 'p-1', 'upsert', null]],
    ['a part too many', [7, 'patients', 'p-1', 'upsert', null, {}, 'extra']],
  ])('with %s, is refused as an unexpected answer', async (_, bad) => {
    await expect(hubAnswering([asArray(row), bad]).pull('t', 0, 10)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('asks the hub for format 2', async () => {
    const asked: Array<string | null> = [];
    const fetchFn: Fetch = (_input, init) => {
      asked.push(new Headers(init?.headers).get(PULL_FORMAT_HEADER));
      return Promise.resolve(
        Response.json({
          epoch: 'e1',
          rows: [],
          cursor: 0,
          highWater: 0,
          hasMore: false,
          hubTime: new Date().toISOString(),
        }),
      );
    };
    await new HubClient('http://hub.test', fetchFn).pull('t', 0, 10);
    expect(asked).toEqual(['2']);
  });
});
