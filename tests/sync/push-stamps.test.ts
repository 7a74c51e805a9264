import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { hubForEachTest } from '../support/hub';
import { change, rawDevice, type RawDevice } from '../support/hub-client';
import {
  checkedPushResponse,
  checkOutboxChange,
  isPushRequest,
  pushRequestSchema,
  pushResponseSchema,
} from '../../src-shared/sync/protocol';

/*
 * Decision 0132: a new row's field stamps are stored once for the row, and the push
 * schemas have plain-function checks in front of them. Neither may change what the
 * hub merges or what it accepts.
 */
const env = hubForEachTest('Stamps');
let front: RawDevice;
let back: RawDevice;
beforeEach(async () => {
  front = await rawDevice(env.hub, env.clinic, 'front desk');
  back = await rawDevice(env.hub, env.clinic, 'back office');
});

const patient = { firstName: 'Ines', lastName: 'Okafor', dateOfBirth: '1990-05-06', phone: '+16175550111' };

async function conflicts(rowId: string) {
  return env.hub.query<{ field: string; kept: string; lost: string }>(
    `SELECT fields->'details'->>'field' AS field, fields->'details'->'kept'->>'value' AS kept,
       fields->'details'->'lost'->>'value' AS lost
     FROM records WHERE org_id = $1 AND table_name = 'review_items' AND fields->>'kind' = 'conflict'
       AND fields->>'rowId' = $2 ORDER BY 1`,
    [env.clinic.orgId, rowId],
  );
}

describe('a new row pushed by one workstation', () => {
  it('keeps every field stamped: an edit made without seeing it clashes field by field', async () => {
    const id = randomUUID();
    // The front desk registers the patient; the back office, which has not pulled it yet,
    // edits two of its fields (its own stamp is later, so its values win and the front
    // desk's are kept in conflict records).
    expect((await front.push(1, [change('patients', id, 'insert', patient)])).body.results[0]!.status).toBe('applied');
    const edit = await back.push(1, [
      change('patients', id, 'update', { lastName: 'Mensah', phone: '+16175550199' }, { offsetMs: 1000 }),
    ]);
    expect(edit.body.results[0]!.status).toBe('conflict');
    expect(await conflicts(id)).toEqual([
      { field: 'lastName', kept: 'Mensah', lost: 'Okafor' },
      { field: 'phone', kept: '+16175550199', lost: '+16175550111' },
    ]);
    // An edit made after pulling the row overwrites it without a clash.
    const seen = (await front.call('GET', '/v1/pull?after=0')).body.highWater;
    const later = await front.push(2, [
      change('patients', id, 'update', { firstName: 'Inez', lastName: 'Okafor' }, { baseCursor: seen }),
    ]);
    expect(later.body.results[0]!.status).toBe('applied');
    const rows = (await back.call('GET', '/v1/pull?after=0')).body.rows.filter((r) => r.rowId === id);
    expect(rows.at(-1)!.fields).toEqual({ ...patient, firstName: 'Inez', lastName: 'Okafor', phone: '+16175550199' });
    expect(await conflicts(id)).toHaveLength(2);
  });
});

describe('the push checks in front of the schemas', () => {
  const good = () => change('patients', randomUUID(), 'insert', patient);
  const request = (changes: unknown[], extra: Record<string, unknown> = {}) => ({
    deviceId: 'dev_1',
    epoch: null,
    batchSeq: 1,
    changes,
    ...extra,
  });

  it('accept only what the schemas accept', () => {
    const bodies: unknown[] = [
      request([good()]),
      request([good(), good()], { epoch: 'e'.repeat(64) }),
      request([]),
      request([good()], { admin: true }),
      request([good()], { batchSeq: 0 }),
      request([good()], { batchSeq: 1.5 }),
      request([good()], { deviceId: 'dev 1' }),
      request([good()], { epoch: 'e'.repeat(65) }),
      request([{ ...good(), op: 'upsert' }]),
      request([{ ...good(), hlc: 'yesterday' }]),
      request([{ ...good(), changeId: 'x' }]),
      request([{ ...good(), rowId: 'a\nb' }]),
      request([{ ...good(), table: 'Patients' }]),
      request([{ ...good(), fields: { '1st': 'x' } }]),
      request([{ ...good(), fields: [] }]),
      request([{ ...good(), baseCursor: -1 }]),
      request([{ ...good(), userId: 'u'.repeat(129) }]),
      request([{ ...good(), extra: 1 }]),
      request([{ ...good(), userId: undefined }]),
      null,
      [],
    ];
    // What the fast check takes, the schema takes (what it refuses goes to the schema).
    for (const body of bodies) if (isPushRequest(body)) expect(pushRequestSchema.safeParse(body).success).toBe(true);
    expect(bodies.map((b) => pushRequestSchema.safeParse(b).success).filter(Boolean)).toHaveLength(2);
    expect(isPushRequest(bodies[0])).toBe(true);
    expect(isPushRequest(bodies[1])).toBe(true);
    expect(checkOutboxChange({ ...good(), op: 'upsert' })).toBeNull();
    const fine = good();
    expect(checkOutboxChange(fine)).toBe(fine);
  });

  it('read an answer as the schema does, unknown keys left out', () => {
    const result = { changeId: randomUUID(), status: 'applied', reason: null, message: null, seq: 7 };
    const answer = {
      epoch: 'e1',
      batchSeq: 3,
      replayed: false,
      results: [result],
      highWater: 7,
      hubTime: new Date().toISOString(),
      maxBatchChanges: 2000,
      fromTheFuture: true,
    };
    expect(checkedPushResponse(answer)).toEqual(pushResponseSchema.parse(answer));
    const { maxBatchChanges: _, ...older } = answer;
    expect(checkedPushResponse(older)).toEqual(pushResponseSchema.parse(older));
    for (const bad of [
      { ...answer, results: [{ ...result, status: 'maybe' }] },
      { ...answer, results: [{ ...result, seq: 1.5 }] },
      { ...answer, highWater: '7' },
      { ...answer, maxBatchChanges: 0 },
    ]) {
      expect(checkedPushResponse(bad)).toBeNull();
      expect(pushResponseSchema.safeParse(bad).success).toBe(false);
    }
  });
});
