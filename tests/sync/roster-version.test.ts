import { describe, expect, it } from 'vitest';
import type { Fetch } from '../../src-main/sync/hub-client';
import { createUser, setUserDisabled } from '../../src-server/admin/tenants';
import { hubForEachTest, createClinic, type Clinic } from '../support/hub';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { enrolledWorkstation } from '../support/workstation';

const env = hubForEachTest();

const NURSE = { username: 'rn.adeyemi', password: 'nurse station passphrase' };
/** How often the hub was asked for a roster, or a pull page (one workstation per test: no one else asks). */
const asked = (request: 'POST /v1/accounts' | 'GET /v1/pull') => env.hub.requests.filter((r) => r === request).length;

const addNurse = (clinic: Clinic) =>
  createUser(env.hub.database.db, {
    orgId: clinic.orgId,
    username: NURSE.username,
    displayName: 'Funmi Adeyemi',
    role: 'clinician',
    password: NURSE.password,
  });

/** Signs the nurse in here with the hub's network cut: only an account this workstation mirrors can. */
async function nurseSignsInOffline(ws: TestCareDesk, network: { online: boolean }) {
  network.online = false;
  try {
    return await ws.router('session.signIn', NURSE, fromWindow);
  } finally {
    network.online = true;
  }
}

describe('the roster version', () => {
  it('the roster is fetched at the first sync and again only after IT changed a user at the hub', async () => {
    const clinic = await createClinic(env.hub, 'Roster Version');
    const ws = await enrolledWorkstation(env.hub, clinic, 'front desk');
    env.keep(ws);

    const first = asked('POST /v1/accounts');
    expect((await ws.sync.syncNow()).state).toBe('online');
    expect(asked('POST /v1/accounts')).toBe(first + 1);

    // Nothing changed at the hub: the workstation pulls, and leaves the roster alone.
    const pulls = asked('GET /v1/pull');
    await ws.sync.syncNow();
    await ws.sync.syncNow();
    expect(asked('GET /v1/pull')).toBeGreaterThan(pulls);
    expect(asked('POST /v1/accounts')).toBe(first + 1);

    // Neither a sign-in at the hub nor enabling someone already enabled changes the roster.
    await ws.sync.signIn(clinic.username, clinic.password);
    await setUserDisabled(env.hub.database.db, clinic.orgId, clinic.username, false);
    await ws.sync.syncNow();
    expect(asked('POST /v1/accounts')).toBe(first + 1);

    // IT adds a nurse: the next sync brings the roster, and she signs in here with the hub offline.
    await addNurse(clinic);
    expect(await nurseSignsInOffline(ws, ws.network)).toMatchObject({ ok: false });
    await ws.sync.syncNow();
    expect(asked('POST /v1/accounts')).toBe(first + 2);
    expect(await nurseSignsInOffline(ws, ws.network)).toMatchObject({
      ok: true,
      value: { user: { username: NURSE.username } },
    });
    await ws.sync.syncNow();
    expect(asked('POST /v1/accounts')).toBe(first + 2);
  });

  it('a hub that sends no roster version (older than 0150) still brings a new colleague: the roster comes after every sync', async () => {
    const clinic = await createClinic(env.hub, 'Older Hub');
    const network = { online: true };
    // The pull answer as an older hub gives it: no rosterVersion.
    const olderHub: Fetch = async (input, init) => {
      if (!network.online) throw new TypeError('fetch failed (network cut by the test)');
      const response = await fetch(input, init);
      const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
      if (path !== '/v1/pull' || !response.ok) return response;
      const { rosterVersion, ...page } = (await response.json()) as { rosterVersion?: number };
      expect(rosterVersion).toEqual(expect.any(Number));
      return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const ws = freshCareDesk({ hubUrl: env.hub.url, hubFetch: olderHub, syncInBackground: false });
    env.keep(ws);
    await ws.sync!.enroll(await clinic.enrollmentCode(), 'front desk');
    await ws.sync!.signIn(clinic.username, clinic.password);

    const first = asked('POST /v1/accounts');
    await ws.sync!.syncNow();
    await ws.sync!.syncNow();
    expect(asked('POST /v1/accounts')).toBe(first + 2);

    await addNurse(clinic);
    expect((await ws.sync!.syncNow()).state).toBe('online');
    expect(await nurseSignsInOffline(ws, network)).toMatchObject({
      ok: true,
      value: { user: { username: NURSE.username } },
    });
  });
});
