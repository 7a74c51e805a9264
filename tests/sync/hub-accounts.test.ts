import { describe, expect, it } from 'vitest';
import { createUser, setUserDisabled } from '../../src-server/admin/tenants';
import { hubForEachTest, createClinic } from '../support/hub';
import { fromWindow } from '../support/store';
import { enrolledWorkstation } from '../support/workstation';

const env = hubForEachTest();

const NURSE = { username: 'rn.okafor', password: 'nurse station passphrase' };

describe('the clinic roster on a workstation', () => {
  it('a colleague IT adds at the hub can sign in here, offline too; once IT disables them, they are signed out and refused', async () => {
    const clinic = await createClinic(env.hub, 'Roster Clinic');
    const ws = await enrolledWorkstation(env.hub, clinic, 'front desk');
    env.keep(ws);
    await createUser(env.hub.database.db, {
      orgId: clinic.orgId,
      username: NURSE.username,
      displayName: 'Ngozi Okafor',
      role: 'clinician',
      password: NURSE.password,
    });
    expect((await ws.sync.syncNow()).state).toBe('online');

    // The hub is out of reach, and the nurse still signs in here with the hub's password.
    ws.network.online = false;
    const signIn = () => ws.router('session.signIn', NURSE, fromWindow);
    expect(await signIn()).toMatchObject({ ok: true, value: { user: { username: NURSE.username } } });
    expect(ws.session.current()?.username).toBe(NURSE.username);

    // IT disables the nurse at the hub; at this workstation's next sync the session ends.
    await setUserDisabled(env.hub.database.db, clinic.orgId, NURSE.username, true);
    ws.network.online = true;
    await ws.sync.syncNow();
    await expect.poll(() => ws.session.current()).toBeNull();
    expect(await signIn()).toMatchObject({ ok: false });
    const entry = ws.store.sqlite
      .prepare("SELECT username FROM audit_events WHERE channel = 'users.disable' AND action = 'update'")
      .get();
    expect(entry).toEqual({ username: 'clinic hub' });
  });

  it('the roster answers only an enrolled device, and only with its own organization', async () => {
    const mine = await createClinic(env.hub, 'Mine');
    const theirs = await createClinic(env.hub, 'Theirs');
    const ws = await enrolledWorkstation(env.hub, mine, 'desk');
    env.keep(ws);
    const { deviceId, deviceSecret } = ws.store.sqlite
      .prepare('SELECT device_id AS deviceId, device_secret AS deviceSecret FROM sync_state')
      .get() as { deviceId: string; deviceSecret: string };
    const roster = async (body: unknown) => {
      const response = await fetch(new URL('/v1/accounts', env.hub.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { accounts?: Array<{ username: string }> } };
    };
    const answer = await roster({ deviceId, deviceSecret });
    expect(answer.status).toBe(200);
    expect(answer.body.accounts!.map((a) => a.username)).toEqual([mine.username]);
    expect(answer.body.accounts!.map((a) => a.username)).not.toContain(theirs.username);
    expect((await roster({ deviceId, deviceSecret: 'x'.repeat(40) })).status).toBe(401);
    expect((await roster({ deviceId })).status).toBe(400);
  });
});
