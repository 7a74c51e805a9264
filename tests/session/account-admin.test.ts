import { afterEach, describe, expect, it } from 'vitest';
import { userHandlers } from '../../src-main/session/handlers';
import { LOCKOUT_RULE } from '../../src-main/session/lockout';
import { FakeIdleClock } from '../support/fake-idle-clock';
import { addUser, freshCareDesk, fromWindow, TEST_PASSWORD, type TestCareDesk } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

const NEW_PASSWORD = 'a brand new passphrase';

/** A workstation (real encrypted store) with an admin signed in and a coordinator, Dana. */
async function clinic() {
  const clock = new FakeIdleClock();
  const app = freshCareDesk({ signedInAs: null, idleClock: clock });
  disposers.push(() => app.dispose());
  const admin = addUser(app, 'admin', 'it.admin');
  const dana = addUser(app, 'coordinator', 'dana.w');
  const call = (channel: string, input: unknown = {}) => app.router(channel, input, fromWindow);
  const signIn = (username: string, password = TEST_PASSWORD) => call('session.signIn', { username, password });
  expect(await signIn('it.admin')).toMatchObject({ ok: true });
  return { app, clock, call, signIn, admin, dana };
}

const trail = (app: TestCareDesk) =>
  app.store.sqlite.prepare('SELECT action, channel, username FROM audit_events ORDER BY seq').all() as Array<{
    action: string;
    channel: string;
    username: string;
  }>;
const verifierOf = (app: TestCareDesk, username: string) => app.accounts.byUsername(username)!.verifier;

describe('changing your own password', () => {
  it('needs the current password; then only the new one signs in, and the change is on the record', async () => {
    const { app, call, signIn } = await clinic();
    await signIn('dana.w');
    expect(await call('users.changePassword', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
      value: null,
    });
    expect(trail(app).at(-1)).toEqual({ action: 'update', channel: 'users.changePassword', username: 'dana.w' });
    await call('session.signOut');
    expect(await signIn('dana.w')).toMatchObject({ ok: false, error: { message: 'Wrong username or password' } });
    expect(await signIn('dana.w', NEW_PASSWORD)).toMatchObject({ ok: true, value: { state: 'active' } });
  });

  it('refuses a wrong current password at its field, changes nothing, and counts it like a failed sign-in', async () => {
    const { app, call, signIn } = await clinic();
    await signIn('dana.w');
    const before = verifierOf(app, 'dana.w');
    const wrong = await call('users.changePassword', {
      currentPassword: 'not my password',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { currentPassword: 'That is not your current password' } },
    });
    expect(verifierOf(app, 'dana.w')).toBe(before);
    expect(trail(app).at(-1)).toEqual({
      action: 'failed-sign-in',
      channel: 'users.changePassword',
      username: 'dana.w',
    });
    for (let i = 1; i < LOCKOUT_RULE.maxFailures; i++)
      await call('users.changePassword', { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD });
    // Guessing at an unattended session locks the account out like guessing at sign-in.
    expect(app.accounts.byUsername('dana.w')!.lockedUntil).not.toBeNull();
    expect(
      await call('users.changePassword', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /Too many wrong passwords/ } });
    expect(verifierOf(app, 'dana.w')).toBe(before);
  });

  it('refuses a new password that is too short, with the field named, and keeps the old one', async () => {
    const { app, call } = await clinic();
    const before = verifierOf(app, 'it.admin');
    const result = await call('users.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { newPassword: 'Use at least 12 characters' } },
    });
    expect(verifierOf(app, 'it.admin')).toBe(before);
  });
});

describe('an admin manages other accounts', () => {
  it('resets a forgotten password: the new one signs in, the old one does not, and a lockout ends with it', async () => {
    const { app, call, signIn, dana } = await clinic();
    await call('session.signOut');
    for (let i = 0; i < LOCKOUT_RULE.maxFailures; i++) await signIn('dana.w', 'forgot it');
    expect(app.accounts.list().find((u) => u.username === 'dana.w')!.lockedOutUntil).not.toBeNull();
    await signIn('it.admin');

    const reset = await call('users.resetPassword', { userId: dana.id, newPassword: NEW_PASSWORD });
    expect(reset).toMatchObject({ ok: true, value: { username: 'dana.w', lockedOutUntil: null } });
    expect(trail(app).at(-1)).toEqual({ action: 'update', channel: 'users.resetPassword', username: 'it.admin' });
    expect(await signIn('dana.w')).toMatchObject({ ok: false });
    expect(await signIn('dana.w', NEW_PASSWORD)).toMatchObject({ ok: true });
  });

  it('refuses to reset their own password this way, a hub account’s, or a too-short one; nothing changes', async () => {
    const { app, call, admin, dana } = await clinic();
    const hub = app.accounts.provision({
      id: '0b7c0a52-8f43-4c55-9d57-1f8e2a3b4c5d',
      username: 'hub.user',
      displayName: 'From the hub',
      role: 'coordinator',
      verifier: verifierOf(app, 'dana.w'),
    });
    const before = [verifierOf(app, 'it.admin'), verifierOf(app, 'hub.user'), verifierOf(app, 'dana.w')];
    const entries = trail(app).length;
    expect(await call('users.resetPassword', { userId: admin.id, newPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /Change my password/ },
    });
    expect(await call('users.resetPassword', { userId: hub.id, newPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /managed by the clinic hub/ },
    });
    expect(await call('users.resetPassword', { userId: dana.id, newPassword: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { newPassword: 'Use at least 12 characters' } },
    });
    expect([verifierOf(app, 'it.admin'), verifierOf(app, 'hub.user'), verifierOf(app, 'dana.w')]).toEqual(before);
    expect(trail(app)).toHaveLength(entries);
  });

  it('disables an account: it cannot sign in (and is told so only with the right password) until enabled', async () => {
    const { app, call, signIn, dana } = await clinic();
    expect(await call('users.setDisabled', { userId: dana.id, disabled: true })).toMatchObject({
      ok: true,
      value: { username: 'dana.w', disabledAt: expect.any(String) as unknown },
    });
    expect(trail(app).at(-1)).toEqual({ action: 'update', channel: 'users.disable', username: 'it.admin' });
    expect(await signIn('dana.w')).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: /account is disabled/ },
    });
    expect(trail(app).at(-1)).toEqual({ action: 'failed-sign-in', channel: 'session.signIn', username: 'dana.w' });
    // A wrong password says no more than for any account.
    expect(await signIn('dana.w', 'not the password')).toMatchObject({
      error: { message: 'Wrong username or password' },
    });

    await signIn('it.admin');
    expect(await call('users.setDisabled', { userId: dana.id, disabled: false })).toMatchObject({
      ok: true,
      value: { disabledAt: null },
    });
    expect(trail(app).at(-1)).toEqual({ action: 'update', channel: 'users.enable', username: 'it.admin' });
    expect(await signIn('dana.w')).toMatchObject({ ok: true, value: { state: 'active' } });
  });

  it('ends the open session of a person disabled while they are signed in, active or locked', async () => {
    const { app, signIn, call, admin, dana } = await clinic();
    // A disable that reaches this workstation while Dana is at it (from another admin session, or later the hub).
    const disable = (userId: string, disabled: boolean) =>
      userHandlers(app.accounts, app.session)['users.setDisabled'](
        { userId, disabled },
        { actor: { userId: admin.id, username: 'it.admin', displayName: 'Test admin', role: 'admin' } },
      );
    await signIn('dana.w');
    await disable(dana.id, true);
    expect(app.session.state()).toMatchObject({ state: 'signed-out', user: null });
    expect(await call('patients.search', { query: 'byron' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(trail(app).slice(-2)).toEqual([
      { action: 'update', channel: 'users.disable', username: 'it.admin' },
      { action: 'sign-out', channel: 'users.disable', username: 'dana.w' },
    ]);

    await disable(dana.id, false);
    await signIn('dana.w');
    await call('session.lock');
    await disable(dana.id, true);
    expect(app.session.state()).toMatchObject({ state: 'signed-out' });
    expect(await call('session.unlock', { password: TEST_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('keeps an enabled admin: nobody disables themselves or the last admin', async () => {
    const { app, call, signIn, admin } = await clinic();
    expect(await call('users.setDisabled', { userId: admin.id, disabled: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'You cannot disable your own account' },
    });
    const second = addUser(app, 'admin', 'second.admin');
    expect(await call('users.setDisabled', { userId: second.id, disabled: true })).toMatchObject({ ok: true });
    // With the second admin disabled, the first is the only one left: no demoting them.
    expect(await call('users.setRole', { userId: admin.id, role: 'coordinator' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /only admin/ },
    });
    expect(await signIn('second.admin')).toMatchObject({ ok: false, error: { message: /disabled/ } });
  });

  it('lifts a lockout early: the person signs in at once, and the lift is on the record', async () => {
    const { app, call, signIn, dana } = await clinic();
    await call('session.signOut');
    for (let i = 0; i < LOCKOUT_RULE.maxFailures; i++) await signIn('dana.w', 'wrong password');
    expect(await signIn('dana.w')).toMatchObject({ ok: false, error: { message: /locked for 15 more minutes/ } });
    await signIn('it.admin');
    expect(await call('users.liftLockout', { userId: dana.id })).toMatchObject({
      ok: true,
      value: { lockedOutUntil: null },
    });
    expect(trail(app).at(-1)).toEqual({ action: 'update', channel: 'users.liftLockout', username: 'it.admin' });
    expect(await signIn('dana.w')).toMatchObject({ ok: true, value: { state: 'active' } });
  });

  it('is for admins only: a coordinator is refused, and nothing changes or is recorded', async () => {
    const { app, call, signIn, admin, dana } = await clinic();
    await signIn('dana.w');
    const before = { verifier: verifierOf(app, 'it.admin'), entries: trail(app).length };
    for (const [channel, input] of [
      ['users.resetPassword', { userId: admin.id, newPassword: NEW_PASSWORD }],
      ['users.setDisabled', { userId: admin.id, disabled: true }],
      ['users.liftLockout', { userId: dana.id }],
    ] as const) {
      expect(await call(channel, input), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect({ verifier: verifierOf(app, 'it.admin'), entries: trail(app).length }).toEqual(before);
    expect(app.accounts.byId(admin.id)!.disabledAt).toBeNull();
  });

  it('refuses an unknown user id with NOT_FOUND and a malformed one with the field named', async () => {
    const { call } = await clinic();
    expect(await call('users.liftLockout', { userId: '2f1d7c2e-5b7a-4f1e-8c3d-9a0b1c2d3e4f' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('users.setDisabled', { userId: 'dana', disabled: 'yes' })).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: { userId: expect.any(String) as unknown, disabled: expect.any(String) as unknown },
      },
    });
  });
});
