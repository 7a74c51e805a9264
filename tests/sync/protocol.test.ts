import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { hubForEachTest, createClinic } from '../support/hub';
import { change, rawDevice, type ApiResponse, type RawDevice } from '../support/hub-client';
import { MAX_BATCH_CHANGES, PULL_FORMAT_HEADER, type PulledRow } from '../../src-shared/sync/protocol';

const env = hubForEachTest('Protocol');
let device: RawDevice;
beforeEach(async () => {
  device = await rawDevice(env.hub, env.clinic);
});

/** Everything the hub keeps for this env.clinic, to show a refused request changed nothing. */
async function tenantState(orgId: string) {
  const [records, results, batches, devices, sequence, audit, appointments] = await Promise.all([
    env.hub.query(
      'SELECT table_name, row_id, fields, deleted, version FROM records WHERE org_id = $1 ORDER BY version',
      [orgId],
    ),
    env.hub.query('SELECT change_id, status, seq FROM change_results WHERE org_id = $1 ORDER BY change_id', [orgId]),
    env.hub.query('SELECT device_id, batch_seq FROM batches WHERE org_id = $1 ORDER BY batch_seq', [orgId]),
    env.hub.query('SELECT id, last_batch_seq FROM devices WHERE org_id = $1 ORDER BY id', [orgId]),
    env.hub.query('SELECT last_seq FROM org_sequences WHERE org_id = $1', [orgId]),
    env.hub.query('SELECT id FROM audit_trail WHERE org_id = $1 ORDER BY id', [orgId]),
    env.hub.query('SELECT id, status FROM appointments WHERE org_id = $1 ORDER BY id', [orgId]),
  ]);
  return { records, results, batches, devices, sequence, audit, appointments };
}

const patient = (lastName: string) => ({
  firstName: 'Ines',
  lastName,
  dateOfBirth: '1990-05-06',
  phone: '+16175550111',
});

describe('push', () => {
  it('records one result per change and gives a replayed batch the same answer, changing nothing', async () => {
    const id = randomUUID();
    const changes = [
      change('patients', id, 'insert', patient('Okafor')),
      change('patients', id, 'update', { lastName: 'Okafor-Reyes' }),
    ];
    const first = await device.push(1, changes);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const before = await tenantState(env.clinic.orgId);

    const again = await device.push(1, changes);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(await tenantState(env.clinic.orgId)).toEqual(before);
    expect(before.results).toHaveLength(2);
  });

  it('skips changes it has applied before, even in a new batch', async () => {
    const id = randomUUID();
    const insert = change('patients', id, 'insert', patient('Lindqvist'));
    await device.push(1, [insert]);
    const before = await tenantState(env.clinic.orgId);
    const resent = await device.push(2, [insert]);
    expect(resent.body.results).toEqual([expect.objectContaining({ changeId: insert.changeId, status: 'duplicate' })]);
    const after = await tenantState(env.clinic.orgId);
    expect(after.records).toEqual(before.records);
    expect(after.results).toEqual(before.results);
  });

  it('rejects a gap in batch numbers and a reused number with other changes, changing nothing', async () => {
    await device.push(1, [change('patients', randomUUID(), 'insert', patient('Abebe'))]);
    const before = await tenantState(env.clinic.orgId);
    const gap = await device.push(3, [change('patients', randomUUID(), 'insert', patient('Gap'))]);
    expect(gap.status).toBe(409);
    expect(gap.body.error).toMatchObject({ code: 'BATCH_GAP', expectedBatchSeq: 2 });
    const reused = await device.push(1, [change('patients', randomUUID(), 'insert', patient('Reused'))]);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'BATCH_MISMATCH', expectedBatchSeq: 2 });
    expect(await tenantState(env.clinic.orgId)).toEqual(before);
  });

  it('records a change it can never accept as rejected and goes on with the rest of the batch', async () => {
    const good = change('patients', randomUUID(), 'insert', patient('Moreau'));
    const unknown = change('spaceships', randomUUID(), 'insert', { name: 'x' });
    const orphan = change('patients', randomUUID(), 'update', { lastName: 'Nobody' });
    const res = await device.push(1, [unknown, orphan, good]);
    expect(res.body.results.map((r) => [r.status, r.reason])).toEqual([
      ['rejected', 'unknown_table'],
      ['rejected', 'unknown_row'],
      ['applied', null],
    ]);
    const rows = await env.hub.query<{ row_id: string; deleted: boolean }>(
      `SELECT row_id, deleted FROM records WHERE org_id = $1 AND table_name = 'patients'`,
      [env.clinic.orgId],
    );
    // The orphan update leaves a tombstone (so its sender drops its copy); the good insert is live.
    expect(rows).toEqual(
      expect.arrayContaining([
        { row_id: good.rowId, deleted: false },
        { row_id: orphan.rowId, deleted: true },
      ]),
    );
  });

  it('refuses a change stamped by a clock far ahead of the hub and never adopts its stamp', async () => {
    const ahead = change('patients', randomUUID(), 'insert', patient('Future'), { offsetMs: 24 * 3_600_000 });
    const res = await device.push(1, [ahead]);
    expect(res.body.results[0]).toMatchObject({ status: 'rejected', reason: 'clock_ahead' });
    const live = await env.hub.query(`SELECT 1 FROM records WHERE org_id = $1 AND NOT deleted`, [env.clinic.orgId]);
    expect(live).toEqual([]);
    const stamps = await env.hub.query<{ hlc: string | null }>(`SELECT hlc FROM records WHERE org_id = $1`, [
      env.clinic.orgId,
    ]);
    expect(stamps.every((s) => s.hlc === null || s.hlc < ahead.hlc)).toBe(true);
  });

  it('keeps audit events at the hub only and treats them as append-only', async () => {
    const id = randomUUID();
    const res = await device.push(1, [
      change('audit_events', id, 'append', { id, action: 'view', workstation: 'ws_x' }),
      change('audit_events', id, 'update', { action: 'edited' }),
    ]);
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
    expect(await env.hub.query(`SELECT id FROM audit_trail WHERE org_id = $1`, [env.clinic.orgId])).toEqual([{ id }]);
    const pulled = await device.call('GET', '/v1/pull?after=0');
    expect(pulled.body.rows.filter((r) => r.table === 'audit_events')).toEqual([]);
  });

  it('merges workstations pushing at the same moment as if one came after the other', async () => {
    const second = await rawDevice(env.hub, env.clinic, 'front desk');
    const third = await rawDevice(env.hub, env.clinic, 'back office');
    let batchSeq = 0;
    const registrations = (desk: string, round: number, birthDay: string) =>
      Array.from({ length: 40 }, (_, i) =>
        change('patients', randomUUID(), 'insert', { ...patient(`${desk}${round}x${i}`), dateOfBirth: birthDay }),
      );
    const reviewItems = async (kind: string) =>
      (
        await env.hub.query<{ n: string }>(
          `SELECT count(*) AS n FROM records WHERE org_id = $1 AND table_name = 'review_items' AND fields->>'kind' = $2`,
          [env.clinic.orgId, kind],
        )
      )[0]!.n;
    // Each round two desks rename a patient both have seen and register the same new person
    // among other registrations, while a third registers people of its own; the three
    // pushes reach the hub together.
    const thirdResults: Array<{ rowId: string; seq: number | null }> = [];
    for (let round = 0; round < 3; round++) {
      const shared = randomUUID();
      await device.push(++batchSeq, [change('patients', shared, 'insert', patient(`Okafor${round}`))]);
      const seen = (await device.call('GET', '/v1/pull?after=0&limit=2000')).body.highWater;
      const newcomer = { ...patient(`Mensah${round}`), dateOfBirth: `1971-02-1${round}` };
      const clashing = (desk: string, birthDay: string) => [
        ...registrations(desk, round, birthDay),
        change('patients', shared, 'update', { lastName: `Okafor-${desk}${round}` }, { baseCursor: seen }),
        change('patients', randomUUID(), 'insert', newcomer),
      ];
      const own = registrations('C', round, '1950-01-03');
      const [a, b, c] = await Promise.all([
        device.push(++batchSeq, clashing('A', '1950-01-01')),
        second.push(round + 1, clashing('B', '1950-01-02')),
        third.push(round + 1, own),
      ]);
      expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
      expect([a, b].map((r) => r.body.results.at(-2)!.status).sort()).toEqual(['applied', 'conflict']);
      expect(await reviewItems('conflict')).toBe(String(round + 1));
      expect(await reviewItems('possible_duplicate')).toBe(String(round + 1));
      own.forEach((ch, i) => thirdResults.push({ rowId: ch.rowId, seq: c.body.results[i]!.seq }));
    }
    const feed = await device.call('GET', '/v1/pull?after=0&limit=2000');
    const seqs = feed.body.rows.map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(feed.body.highWater).toBe(Math.max(...seqs));
    // Each registration is in the feed at the sequence its result named.
    const bySeq = new Map(feed.body.rows.map((r) => [r.rowId, r.seq]));
    expect(thirdResults.map((r) => bySeq.get(r.rowId))).toEqual(thirdResults.map((r) => r.seq));
  });
});

describe('pull', () => {
  it('pages the tenant feed in commit order, each row once at its latest version, with tombstones', async () => {
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await device.push(
      1,
      ids.map((id, i) => change('patients', id, 'insert', patient(`Page${i}`))),
    );
    await device.push(2, [
      change('patients', ids[0]!, 'update', { lastName: 'Edited' }),
      change('patients', ids[1]!, 'delete', {}),
    ]);
    const first = await device.call('GET', '/v1/pull?after=0&limit=2');
    expect(first.body.rows).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const rest = await device.call('GET', `/v1/pull?after=${first.body.cursor}&limit=100`);
    expect(rest.body.hasMore).toBe(false);
    // A newer workstation asking for pages larger than this hub serves still gets its rows.
    const oversized = await device.call('GET', `/v1/pull?after=${first.body.cursor}&limit=1000000`);
    expect(oversized.status).toBe(200);
    expect(oversized.body.rows).toEqual(rest.body.rows);
    expect((await device.call('GET', '/v1/pull?after=0&limit=0')).status).toBe(400);
    const rows = [...first.body.rows, ...rest.body.rows];
    const seqs = rows.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(rows.map((r) => r.rowId)).size).toBe(5);
    expect(rows.find((r) => r.rowId === ids[0])).toMatchObject({
      op: 'upsert',
      fields: { lastName: 'Edited' },
    });
    expect(rows.find((r) => r.rowId === ids[1])).toMatchObject({ op: 'delete', fields: {} });
    expect(rest.body.highWater).toBe(rest.body.cursor);
  });

  it('sends rows as arrays to a workstation that asks for format 2, and as objects to one that does not', async () => {
    const ids = [randomUUID(), randomUUID()];
    await device.push(1, [
      change('patients', ids[0]!, 'insert', patient('Arrays')),
      change('patients', ids[1]!, 'insert', patient('Tombstone')),
    ]);
    await device.push(2, [change('patients', ids[1]!, 'delete', {})]);
    const pull = async (format?: string) => {
      const headers: Record<string, string> = { authorization: `Bearer ${device.token}` };
      if (format !== undefined) headers[PULL_FORMAT_HEADER] = format;
      const response = await fetch(`${env.hub.url}/v1/pull?after=0`, { headers });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    // An older workstation names no format: rows as objects, as before.
    const objects = await pull();
    const arrays = await pull('2');
    expect(arrays.status).toBe(200);
    const { rows: objectRows, hubTime: _a, ...objectPage } = objects.body as { rows: PulledRow[]; hubTime: string };
    const { rows: arrayRows, hubTime: _b, ...arrayPage } = arrays.body as { rows: unknown[][]; hubTime: string };
    expect(arrayPage).toEqual(objectPage);
    // The same rows, in the same order, each `[seq, table, rowId, op, hlc, fields]`.
    expect(arrayRows).toEqual(objectRows.map((r) => [r.seq, r.table, r.rowId, r.op, r.hlc, r.fields]));
    expect(arrayRows.find((r) => r[2] === ids[1])?.slice(1, 4)).toEqual(['patients', ids[1], 'delete']);
    expect(await pull('1')).toMatchObject({ status: 200, body: { rows: objectRows } });
    // A format this hub does not know is refused with a clear error, not answered in another.
    for (const unknown of ['3', 'columns', '']) {
      const refused = await pull(unknown);
      expect(refused.status).toBe(400);
      const { error } = refused.body as { error: { code: string; message: string } };
      expect(error.code).toBe('VALIDATION');
      expect(error.message).toContain(PULL_FORMAT_HEADER);
    }
  });
});

describe('tenancy', () => {
  it('a token of one organization can neither read nor write another organization’s data', async () => {
    const other = await createClinic(env.hub, `Other ${env.clinic.orgId.slice(0, 8)}`);
    const intruder = await rawDevice(env.hub, other, 'other clinic');
    const id = randomUUID();
    await device.push(1, [change('patients', id, 'insert', patient('Confidential'))]);
    const theirs = await tenantState(env.clinic.orgId);

    const pulled = await intruder.call('GET', '/v1/pull?after=0');
    expect(pulled.body.rows).toEqual([]);
    // Writing to the same row id lands in the intruder's own tenant, never in ours.
    await intruder.push(1, [change('patients', id, 'update', { lastName: 'Overwritten' })]);
    const asOtherDevice = await intruder.call('POST', '/v1/push', {
      deviceId: device.deviceId,
      epoch: null,
      batchSeq: 2,
      changes: [change('patients', id, 'update', { lastName: 'Overwritten' })],
    });
    expect(asOtherDevice.status).toBe(403);
    // Signing in with our username on their enrolled device fails too.
    const crossSignIn = await fetch(`${env.hub.url}/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: intruder.deviceId,
        deviceSecret: 'x'.repeat(43),
        username: env.clinic.username,
        password: env.clinic.password,
      }),
    });
    expect(crossSignIn.status).toBe(401);
    expect(await tenantState(env.clinic.orgId)).toEqual(theirs);
  });

  it('refuses every call without a valid token', async () => {
    for (const [method, path] of [
      ['GET', '/v1/pull?after=0'],
      ['POST', '/v1/push'],
      ['GET', '/v1/device'],
      ['GET', '/v1/notices'],
    ] as const) {
      const res = await fetch(`${env.hub.url}${path}`, {
        method,
        headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, path).toBe(401);
    }
    // A well-formed push has its token checked in its own transaction (decision 0135): refused alike, nothing kept.
    const before = await tenantState(env.clinic.orgId);
    const wellFormed = await fetch(`${env.hub.url}/v1/push`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        deviceId: device.deviceId,
        epoch: null,
        batchSeq: 1,
        changes: [change('patients', randomUUID(), 'insert', patient('Nobody'))],
      }),
    });
    expect(wellFormed.status).toBe(401);
    expect(await tenantState(env.clinic.orgId)).toEqual(before);
  });
});

describe('malformed requests', () => {
  it('answer 4xx with the reason and change nothing', async () => {
    await device.push(1, [change('patients', randomUUID(), 'insert', patient('Before'))]);
    const before = await tenantState(env.clinic.orgId);
    const good = change('patients', randomUUID(), 'insert', patient('Never'));
    const attempts: Array<[string, ApiResponse]> = [
      ['not JSON', await device.call('POST', '/v1/push', undefined, '{"deviceId": ')],
      ['no changes', await device.push(2, [])],
      ['batch number zero', await device.push(0, [good])],
      ['unknown op', await device.push(2, [{ ...good, op: 'upsert' as never }])],
      ['bad clock stamp', await device.push(2, [{ ...good, hlc: 'yesterday' }])],
      ['bad change id', await device.push(2, [{ ...good, changeId: 'x' }])],
      [
        'extra key',
        await device.call('POST', '/v1/push', {
          deviceId: device.deviceId,
          epoch: null,
          batchSeq: 2,
          changes: [good],
          admin: true,
        }),
      ],
      ['bad pull cursor', await device.call('GET', '/v1/pull?after=-1')],
      ['bad enrollment', await device.call('POST', '/v1/enroll', { code: 1 })],
    ];
    for (const [what, res] of attempts) {
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe('VALIDATION');
    }
    // More changes than the hub takes: refused unread, with the number it does take.
    const tooMany = await device.push(
      2,
      Array.from({ length: MAX_BATCH_CHANGES + 1 }, () => good),
    );
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toMatchObject({ code: 'TOO_LARGE', maxBatchChanges: MAX_BATCH_CHANGES });
    const huge = await device.call('POST', '/v1/push', undefined, JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(await tenantState(env.clinic.orgId)).toEqual(before);
  });

  it('answers a wrong enrollment code or password with 401, and spends a code only once', async () => {
    const code = await env.clinic.enrollmentCode();
    const once = await fetch(`${env.hub.url}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.toLowerCase(), deviceName: 'typed in lower case' }),
    });
    expect(once.status).toBe(200);
    const twice = await fetch(`${env.hub.url}/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: 'again' }),
    });
    expect(twice.status).toBe(401);
    const { deviceId, deviceSecret } = (await once.json()) as { deviceId: string; deviceSecret: string };
    const wrong = await fetch(`${env.hub.url}/v1/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId, deviceSecret, username: env.clinic.username, password: 'not the password' }),
    });
    expect(wrong.status).toBe(401);
  });
});
