import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { buildHub } from '../../src-server/app';
import { createOrganization, createUser, issueEnrollmentCode } from '../../src-server/admin/tenants';
import { openHubDatabase } from '../../src-server/db/connect';
import { change } from '../support/hub-client';

it('the development hub runs on PGlite in a folder, exclusion constraint included, and keeps its data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-pglite-'));
  try {
    let database = await openHubDatabase({ dataDir });
    const org = await createOrganization(database.db, 'Dev Clinic');
    await createUser(database.db, {
      orgId: org.id,
      username: 'dev.user',
      displayName: 'Dev',
      role: 'coordinator',
      password: 'development passphrase',
    });
    const { code } = await issueEnrollmentCode(database.db, org.id);
    let hub = await buildHub({ database });
    await hub.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const enrolled = (await post('/v1/enroll', { code, deviceName: 'laptop' })).body;
    const token = (
      await post('/v1/sign-in', {
        deviceId: enrolled.deviceId,
        deviceSecret: enrolled.deviceSecret,
        username: 'dev.user',
        password: 'development passphrase',
      })
    ).body.token as string;
    const slot = { providerId: 'prov-1', startsAt: '2026-12-01T15:00:00.000Z', endsAt: '2026-12-01T15:30:00.000Z' };
    const pushed = await post(
      '/v1/push',
      {
        deviceId: enrolled.deviceId,
        epoch: null,
        batchSeq: 1,
        changes: [
          change('appointments', randomUUID(), 'insert', { ...slot, patientId: 'p1' }),
          change('appointments', randomUUID(), 'insert', { ...slot, patientId: 'p2' }),
        ],
      },
      token,
    );
    expect((pushed.body.results as Array<{ status: string; reason: string | null }>).map((r) => r.reason)).toEqual([
      null,
      'slot_taken',
    ]);
    await hub.close();
    await database.close();

    // Started again on the same folder: the data is there.
    database = await openHubDatabase({ dataDir });
    hub = await buildHub({ database });
    const pulled = await hub.inject({
      method: 'GET',
      url: '/v1/pull?after=0',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(pulled.statusCode).toBe(200);
    expect(pulled.json<{ rows: unknown[] }>().rows.length).toBeGreaterThanOrEqual(2);
    await hub.close();
    await database.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
