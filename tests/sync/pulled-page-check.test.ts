import { describe, expect, it } from 'vitest';
import { HubClient, type Fetch } from '../../src-main/sync/hub-client';

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
