import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BASE_BATCH_CHANGES, MAX_BATCH_CHANGES, type PushRequest } from '../../src-shared/sync/protocol';
import type { Fetch } from '../../src-main/sync/hub-client';
import { hubForEachTest } from '../support/hub';
import { startCareDesk, type CareDesk } from '../../src-main/services';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';
import { freshCareDesk, TEST_ORIGIN, type TestCareDesk } from '../support/store';

/**
 * Batch sizes between workstations and hubs of different versions (decision 0130):
 * a workstation sends more than BASE_BATCH_CHANGES only to a hub that said it takes
 * them, and a push refused for its size is cut smaller, with nothing lost or doubled.
 */

const env = hubForEachTest('Batches');

/**
 * The wire as some hub would answer: every push's size is noted; `answer` may stand in for the env.hub.
 * `signIn: 'older'` answers sign-in as a hub from before 0134, which names no batch size there.
 */
function wire(
  answer?: (changes: number, forward: () => Promise<Response>) => Promise<Response>,
  { signIn = 'current' }: { signIn?: 'current' | 'older' } = {},
) {
  const sizes: number[] = [];
  const fetchFn: Fetch = async (input, init) => {
    const forward = () => fetch(input, init);
    const url = input instanceof Request ? input.url : input.toString();
    if (url.endsWith('/v1/sign-in') && signIn === 'older') return withoutBatchSize(await forward());
    if (!url.endsWith('/v1/push') || typeof init?.body !== 'string') return forward();
    const changes = (JSON.parse(init.body) as PushRequest).changes.length;
    sizes.push(changes);
    return answer ? answer(changes, forward) : forward();
  };
  return { sizes, fetchFn };
}

function refusal(status: number, error: Record<string, unknown>): Response {
  return new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json' } });
}

async function withoutBatchSize(response: Response): Promise<Response> {
  const answer = (await response.json()) as Record<string, unknown>;
  delete answer.maxBatchChanges;
  return Response.json(answer, { status: response.status });
}

/** A hub from before 0130: it refuses more than 500 changes as invalid and never mentions a larger size. */
async function olderHub(changes: number, forward: () => Promise<Response>): Promise<Response> {
  if (changes > BASE_BATCH_CHANGES)
    return refusal(400, {
      code: 'VALIDATION',
      message: 'The request does not match the protocol',
      fields: { changes: 'Too big' },
    });
  return withoutBatchSize(await forward());
}

async function workstationWithQueue(fetchFn: Fetch, queued: number) {
  const ws = freshCareDesk({ hubUrl: env.hub.url, hubFetch: fetchFn, syncInBackground: false });
  env.keep(ws);
  await ws.sync!.enroll(await env.clinic.enrollmentCode(), 'front desk');
  await ws.sync!.signIn(env.clinic.username, env.clinic.password);
  queue(ws, queued);
  return ws;
}

/** A day offline: audit events queued in the outbox (the hub keeps them; a pull never sends them back). */
function queue(ws: CareDesk, count: number) {
  ws.store.write((tx) => {
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      ws.store.recordChange(
        tx,
        { tableName: 'audit_events', rowId: id, op: 'append', fields: { id, action: 'bench.call', at: String(i) } },
        { userId: 'coordinator' },
      );
    }
  });
}

/** The same workstation after the app was closed and started again: it syncs with the token it kept, before any sign-in. */
function restarted(ws: TestCareDesk, fetchFn: Fetch): CareDesk {
  ws.close();
  const again = startCareDesk({
    dataDir: ws.dataDir,
    key: ws.key,
    trustedOrigins: [TEST_ORIGIN],
    scryptCost: MINIMUM_SCRYPT_COST,
    bootstrapAdmin: '',
    hubUrl: env.hub.url,
    hubFetch: fetchFn,
    syncInBackground: false,
  });
  env.keep({ dispose: () => again.close() });
  return again;
}

const hubCount = async (table: string) =>
  Number(
    (await env.hub.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE org_id = $1`, [env.clinic.orgId]))[0]!
      .n,
  );

describe('push batch sizes', () => {
  it('are full size from the first push when the hub said so at sign-in, and every change arrives once', async () => {
    const { sizes, fetchFn } = wire();
    const ws = await workstationWithQueue(fetchFn, 2_600);
    expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([MAX_BATCH_CHANGES, 2_600 - MAX_BATCH_CHANGES]);
    expect(await hubCount('change_results')).toBe(2_600);
    expect(await hubCount('audit_trail')).toBe(2_600);
  });

  it('grow once a push answer says the hub takes more, when its sign-in did not say', async () => {
    const { sizes, fetchFn } = wire(undefined, { signIn: 'older' });
    const ws = await workstationWithQueue(fetchFn, 2_600);
    expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([BASE_BATCH_CHANGES, MAX_BATCH_CHANGES, 2_600 - BASE_BATCH_CHANGES - MAX_BATCH_CHANGES]);
    expect(await hubCount('change_results')).toBe(2_600);
  });

  it('stay at 500 with a hub that never said it takes more', async () => {
    const { sizes, fetchFn } = wire(olderHub, { signIn: 'older' });
    const ws = await workstationWithQueue(fetchFn, 1_200);
    expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([500, 500, 200]);
    expect(await hubCount('audit_trail')).toBe(1_200);
  });

  it('shrink after a push refused for its size, under the same batch number, losing and doubling nothing', async () => {
    // A proxy in front of the hub with a smaller body limit than the hub's.
    const { sizes, fetchFn } = wire((changes, forward) =>
      changes > 1_000
        ? Promise.resolve(refusal(413, { code: 'TOO_LARGE', message: 'The request is too large' }))
        : forward(),
    );
    const ws = await workstationWithQueue(fetchFn, 2_600);
    expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([2_000, 1_000, 1_000, 600]);
    expect(await hubCount('change_results')).toBe(2_600);
    const numbers = await env.hub.query<{ batch_seq: string }>(
      `SELECT batch_seq FROM batches WHERE org_id = $1 ORDER BY batch_seq`,
      [env.clinic.orgId],
    );
    expect(numbers.map((b) => Number(b.batch_seq))).toEqual([1, 2, 3]);
  });

  it('shrink to 500 when a hub from before 0130 refuses a larger batch as invalid', async () => {
    // The hub said it took more, then was rolled back to an older version.
    let rolledBack = false;
    const { sizes, fetchFn } = wire(async (changes, forward) => {
      if (rolledBack) return olderHub(changes, forward);
      rolledBack = true;
      return forward();
    });
    const ws = await workstationWithQueue(fetchFn, 2_600);
    expect(await ws.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([2_000, 600, 500, 100]);
    expect(await hubCount('audit_trail')).toBe(2_600);
  });

  it('keep the size the hub named at sign-in across a restart of the workstation', async () => {
    const { sizes, fetchFn } = wire();
    const ws = await workstationWithQueue(fetchFn, 2_600);
    const again = restarted(ws, fetchFn);
    expect(await again.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([MAX_BATCH_CHANGES, 2_600 - MAX_BATCH_CHANGES]);
    expect(await hubCount('audit_trail')).toBe(2_600);
  });

  it('keep the size a push answer named across a restart, when the sign-in did not name one', async () => {
    const { sizes, fetchFn } = wire(undefined, { signIn: 'older' });
    const ws = await workstationWithQueue(fetchFn, 100);
    await ws.sync!.syncNow();
    const again = restarted(ws, fetchFn);
    queue(again, 2_600);
    expect(await again.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([100, MAX_BATCH_CHANGES, 2_600 - MAX_BATCH_CHANGES]);
  });

  it('start at 500 after a restart with a hub that never named a size', async () => {
    const { sizes, fetchFn } = wire(olderHub, { signIn: 'older' });
    const ws = await workstationWithQueue(fetchFn, 600);
    await ws.sync!.syncNow();
    const again = restarted(ws, fetchFn);
    queue(again, 1_200);
    expect(await again.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(sizes).toEqual([500, 100, 500, 500, 200]);
    expect(await hubCount('audit_trail')).toBe(1_800);
  });

  it('start at 500 after a restart once the hub was rolled back to a version that names no size', async () => {
    let rolledBack = false;
    const { sizes, fetchFn } = wire((changes, forward) => (rolledBack ? olderHub(changes, forward) : forward()));
    const ws = await workstationWithQueue(fetchFn, 100);
    await ws.sync!.syncNow();
    rolledBack = true;
    queue(ws, 600);
    await ws.sync!.syncNow();
    const again = restarted(ws, fetchFn);
    queue(again, 1_200);
    expect(await again.sync!.syncNow()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    // 600 refused unread by the older hub and cut to 500; after the restart, 500 from the first push.
    expect(sizes).toEqual([100, 600, 500, 100, 500, 500, 200]);
    expect(await hubCount('audit_trail')).toBe(1_900);
  });
});
