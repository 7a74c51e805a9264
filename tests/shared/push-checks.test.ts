import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkedPushResponse,
  checkOutboxChange,
  isPushRequest,
  MAX_BATCH_CHANGES,
  outboxChangeSchema,
  pushRequestSchema,
  pushResponseSchema,
} from '../../src-shared/sync/protocol';

/*
 * Decision 0137: the plain-function push checks (decision 0132) give the same verdict as
 * the zod schemas they stand in front of, on bodies and answers generated around the
 * valid ones: every key valid, missing, of another type, at and past its limits, plus
 * unknown keys. The patterns and limits are shared constants; this holds the shapes.
 */

/** Values of every kind, near the limits the schemas set. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1,
  1,
  1.5,
  Number.NaN,
  2 ** 53,
  -(2 ** 53),
  '',
  'x',
  'e'.repeat(64),
  'e'.repeat(65),
  'u'.repeat(128),
  'u'.repeat(129),
  'dev 1',
  'a\nb',
  'Patients',
  '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  '00000000-0000-0000-0000-000000000000',
  '017f22e2-79b0-9cc3-98c4-dc0c0c07398f',
  '001796050000000-00001-ws_a',
  'yesterday',
  'upsert',
  'applied',
  'maybe',
  'clock_ahead',
  [],
  {},
  { '1st': 'x' },
  { lastName: 'Okafor' },
];
const odd = fc.constantFrom(...ODD_VALUES);

const uuid = fc.uuid();
const hlc = fc
  .tuple(
    fc.integer({ min: 0, max: 999_999_999_999_999 }),
    fc.integer({ min: 0, max: 99_999 }),
    fc.stringMatching(/^[A-Za-z0-9_]{1,64}$/),
  )
  .map(([wall, counter, node]) => `${String(wall).padStart(15, '0')}-${String(counter).padStart(5, '0')}-${node}`);
const goodChange = fc.record({
  changeId: uuid,
  table: fc.constantFrom('patients', 'tasks', 'call_log_entries', 'appointments', 'x', 'a'.repeat(63)),
  rowId: fc.oneof(uuid, fc.stringMatching(/^[^\u0000-\u001f]{1,200}$/)),
  op: fc.constantFrom('insert', 'update', 'delete', 'append'),
  fields: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,62}$/), fc.jsonValue(), { maxKeys: 4 }),
  hlc,
  baseCursor: fc.oneof(fc.constant(0), fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
  userId: fc.oneof(fc.constant(null), fc.string({ maxLength: 128 })),
});

/** `value` with some of its own keys replaced by odd values or dropped, and perhaps one unknown key added. */
function around<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.array(fc.tuple(fc.nat(), odd), { minLength: 1, maxLength: 2 }),
      fc.option(fc.tuple(fc.string({ maxLength: 8 }), odd), { freq: 4 }),
    )
    .map(([value, edits, extra]) => {
      const keys = Object.keys(value);
      const edited: Record<string, unknown> = { ...value };
      for (const [i, replacement] of edits) {
        const key = keys[i % keys.length]!;
        if (replacement === undefined) delete edited[key];
        else edited[key] = replacement;
      }
      if (extra) edited[extra[0]] = extra[1];
      return edited;
    });
}

const change = fc.oneof(goodChange, around(goodChange), odd);
const request = fc.record({
  deviceId: fc.oneof(fc.constant('dev_1'), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/)),
  epoch: fc.oneof(fc.constant(null), fc.string({ maxLength: 64 })),
  batchSeq: fc.oneof(fc.constant(1), fc.integer({ min: 1 }), fc.constant(Number.MAX_SAFE_INTEGER)),
  changes: fc.oneof(fc.array(goodChange, { minLength: 1, maxLength: 3 }), fc.array(change, { maxLength: 3 })),
});

const result = fc.record({
  changeId: uuid,
  status: fc.constantFrom('applied', 'conflict', 'duplicate', 'rejected'),
  reason: fc.constantFrom(null, 'unknown_table', 'invalid_fields', 'clock_ahead', 'slot_taken', 'read_only'),
  message: fc.oneof(fc.constant(null), fc.string()),
  seq: fc.oneof(fc.constant(null), fc.nat(), fc.constant(-5)),
});
const answer = fc.record(
  {
    epoch: fc.string(),
    batchSeq: fc.nat(),
    replayed: fc.boolean(),
    results: fc.array(fc.oneof(result, around(result), odd), { maxLength: 3 }),
    highWater: fc.integer(),
    hubTime: fc.string(),
    maxBatchChanges: fc.integer({ min: 1, max: MAX_BATCH_CHANGES }),
  },
  { requiredKeys: ['epoch', 'batchSeq', 'replayed', 'results', 'highWater', 'hubTime'] },
);

const runs = { numRuns: 10_000 };

/** A valid value with one key set to each odd value in turn, or dropped, and with each odd value under a new key. */
function* singleEdits(valid: Record<string, unknown>): Generator<unknown> {
  for (const key of [...Object.keys(valid), 'extra']) {
    for (const replacement of ODD_VALUES) {
      const edited: Record<string, unknown> = { ...valid };
      if (replacement === undefined) delete edited[key];
      else edited[key] = replacement;
      yield edited;
    }
  }
}

describe('the push checks in front of the schemas', () => {
  it('give the schemas’ verdict on every single-key edit of a valid request, entry and answer', () => {
    const entry = fc.sample(goodChange, { numRuns: 1, seed: 1 })[0]!;
    const body = { deviceId: 'dev_1', epoch: null, batchSeq: 1, changes: [entry] };
    for (const edited of singleEdits(body))
      expect(isPushRequest(edited)).toBe(pushRequestSchema.safeParse(edited).success);
    for (const edited of singleEdits(entry)) {
      expect(checkOutboxChange(edited) !== null).toBe(outboxChangeSchema.safeParse(edited).success);
      const inBody = { ...body, changes: [edited] };
      expect(isPushRequest(inBody)).toBe(pushRequestSchema.safeParse(inBody).success);
    }
    const oneResult = { changeId: entry.changeId, status: 'applied', reason: null, message: null, seq: 7 };
    const reply = {
      epoch: 'e1',
      batchSeq: 1,
      replayed: false,
      results: [oneResult],
      highWater: 7,
      hubTime: 'now',
      maxBatchChanges: 2000,
    };
    for (const edited of [
      ...singleEdits(reply),
      ...[...singleEdits(oneResult)].map((r) => ({ ...reply, results: [r] })),
    ]) {
      const parsed = pushResponseSchema.safeParse(edited);
      const checked = checkedPushResponse(edited);
      if (checked !== null) expect(checked).toEqual(parsed.data);
      if (!parsed.success) expect(checked).toBeNull();
    }
  });

  it('give a push request the schema’s verdict', () => {
    fc.assert(
      fc.property(fc.oneof(request, around(request), odd), (body) => {
        expect(isPushRequest(body)).toBe(pushRequestSchema.safeParse(body).success);
      }),
      runs,
    );
  });

  it('give an outbox entry the schema’s verdict, and take a valid one as it is', () => {
    fc.assert(
      fc.property(change, (entry) => {
        const parsed = outboxChangeSchema.safeParse(entry);
        const checked = checkOutboxChange(entry);
        expect(checked !== null).toBe(parsed.success);
        if (checked !== null) expect(checked).toEqual(parsed.data);
      }),
      runs,
    );
  });

  it('read a push answer as the schema does, unknown keys left out', () => {
    fc.assert(
      fc.property(fc.oneof(answer, around(answer), odd), (value) => {
        const parsed = pushResponseSchema.safeParse(value);
        const checked = checkedPushResponse(value);
        if (checked !== null) expect(checked).toEqual(parsed.data);
        // The check may refuse what the schema takes (a result with a key of its own): never the reverse.
        if (!parsed.success) expect(checked).toBeNull();
      }),
      runs,
    );
  });
});
