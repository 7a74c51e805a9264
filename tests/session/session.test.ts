import { afterEach, describe, expect, it } from 'vitest';
import { lockForSystemEvent } from '../../src-main/session/system-lock';
import { LOCKOUT_RULE } from '../../src-main/session/lockout';
import { startCareDesk } from '../../src-main/services';
import { MINIMUM_SCRYPT_COST } from '../../src-shared/session/verifier';
import { FakeIdleClock } from '../support/fake-idle-clock';
import { addUser, freshCareDesk, fromWindow, TEST_ORIGIN, TEST_PASSWORD, type TestCareDesk } from '../support/store';

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((d) => d()));

function workstation(options: Parameters<typeof freshCareDesk>[0] = {}) {
  const clock = new FakeIdleClock();
  const app = freshCareDesk({ signedInAs: null, idleClock: clock, ...options });
  disposers.push(() => app.dispose());
  const events: string[] = [];
  app.events.on((name, payload) => events.push(`${name}:${(payload as { state: string }).state}`));
  const call = (channel: string, input: unknown = {}) => app.router(channel, input, fromWindow);
  return { app, clock, call, events };
}

function auditTrail(app: TestCareDesk) {
  return app.store.sqlite
    .prepare(
      'SELECT action, channel, username, user_id IS NOT NULL AS known, workstation FROM audit_events ORDER BY seq',
    )
    .all() as Array<{ action: string; channel: string; username: string; known: number; workstation: string }>;
}

const patient = { firstName: 'Ada', lastName: 'Byron', dateOfBirth: '12/10/1985', phone: '6175550100' };

describe('signing in', () => {
  it('starts with nobody signed in: the app answers only the sign-in channels', async () => {
    const { app, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    expect(await call('session.state')).toMatchObject({ ok: true, value: { state: 'signed-out', user: null } });
    expect(await call('patients.search', { query: 'byron' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await call('session.current')).toEqual({ ok: true, value: null });
  });

  it('signs a coordinator in with the right password, and records it', async () => {
    const { app, call, events } = workstation();
    addUser(app, 'coordinator', 'maria');
    const result = await call('session.signIn', { username: 'Maria', password: TEST_PASSWORD });
    expect(result).toMatchObject({
      ok: true,
      value: { state: 'active', user: { username: 'maria', role: 'coordinator' }, idleLockMinutes: 10 },
    });
    expect(await call('patients.create', patient)).toMatchObject({ ok: true });
    expect(events).toEqual(['session.changed:active']);
    expect(auditTrail(app).slice(0, 1)).toEqual([
      { action: 'sign-in', channel: 'session.signIn', username: 'maria', known: 1, workstation: app.store.deviceId },
    ]);
  });

  it('refuses a wrong password and an unknown user with the same message, and records both', async () => {
    const { app, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    const wrong = await call('session.signIn', { username: 'maria', password: 'not the password' });
    const unknown = await call('session.signIn', { username: 'nobody', password: TEST_PASSWORD });
    for (const result of [wrong, unknown]) {
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: 'Wrong username or password' },
      });
    }
    expect(await call('session.state')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(auditTrail(app).map((e) => [e.action, e.username, e.known])).toEqual([
      ['failed-sign-in', 'maria', 1],
      ['failed-sign-in', 'nobody', 0],
    ]);
  });

  it('locks an account out after five failures in the window, even with the right password, until it passes', async () => {
    const { app, clock, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    for (let i = 1; i < LOCKOUT_RULE.maxFailures; i++) {
      expect(await call('session.signIn', { username: 'maria', password: `guess ${i}` })).toMatchObject({
        error: { message: 'Wrong username or password' },
      });
    }
    const fifth = await call('session.signIn', { username: 'maria', password: 'guess 5' });
    expect(fifth).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: /locked for 15 more minutes/ },
    });
    expect(await call('session.signIn', { username: 'maria', password: TEST_PASSWORD })).toMatchObject({
      ok: false,
      error: { message: /locked for 15 more minutes/ },
    });
    // The lockout is kept in the store: a restart does not lift it.
    expect(app.accounts.list()[0]?.lockedOutUntil).not.toBeNull();

    clock.advanceMinutes(16);
    expect(await call('session.signIn', { username: 'maria', password: TEST_PASSWORD })).toMatchObject({
      ok: true,
      value: { state: 'active' },
    });
    expect(auditTrail(app).filter((e) => e.action === 'failed-sign-in')).toHaveLength(6);
  });

  it('forgets failures once the window has passed: four, a pause, four more is no lockout', async () => {
    const { app, clock, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    for (let i = 0; i < 4; i++) await call('session.signIn', { username: 'maria', password: 'wrong password' });
    clock.advanceMinutes(16);
    for (let i = 0; i < 4; i++) await call('session.signIn', { username: 'maria', password: 'wrong password' });
    expect(await call('session.signIn', { username: 'maria', password: TEST_PASSWORD })).toMatchObject({ ok: true });
  });

  it('keeps a lockout across a restart of the app', async () => {
    const first = freshCareDesk({ signedInAs: null });
    disposers.push(() => first.dispose());
    addUser(first, 'coordinator', 'maria');
    for (let i = 0; i < 5; i++)
      await first.router('session.signIn', { username: 'maria', password: 'wrong password' }, fromWindow);
    first.close();
    const again = startCareDesk({
      dataDir: first.dataDir,
      key: first.key,
      trustedOrigins: [TEST_ORIGIN],
      scryptCost: MINIMUM_SCRYPT_COST,
      bootstrapAdmin: '',
    });
    disposers.unshift(() => again.close());
    expect(
      await again.router('session.signIn', { username: 'maria', password: TEST_PASSWORD }, fromWindow),
    ).toMatchObject({ ok: false, error: { message: /locked for/ } });
  });

  it('signs out: the next patient call is refused and the sign-out is on the record', async () => {
    const { app, call, events } = workstation();
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    expect(await call('session.signOut')).toMatchObject({ ok: true, value: { state: 'signed-out', user: null } });
    expect(await call('patients.search', { query: 'byron' })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(events).toEqual(['session.changed:active', 'session.changed:signed-out']);
    expect(auditTrail(app).map((e) => e.action)).toEqual(['sign-in', 'sign-out']);
  });
});

describe('the first admin', () => {
  it('is made on first run from the screen, and only while no account exists', async () => {
    const { app, call } = workstation();
    expect(await call('session.state')).toMatchObject({ value: { state: 'setup' } });
    const setUp = await call('session.setUp', {
      username: 'it.admin',
      displayName: 'Clinic IT',
      password: 'a long first password',
    });
    expect(setUp).toMatchObject({
      ok: true,
      value: { state: 'active', user: { username: 'it.admin', role: 'admin' } },
    });
    const again = await call('session.setUp', {
      username: 'intruder',
      displayName: 'X',
      password: 'another long one!',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(app.accounts.list().map((u) => u.username)).toEqual(['it.admin']);
  });

  it('refuses a short first password with a message tied to the field', async () => {
    const { app, call } = workstation();
    const result = await call('session.setUp', { username: 'it.admin', displayName: 'IT', password: 'short' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { password: 'Use at least 12 characters' } },
    });
    expect(app.accounts.count()).toBe(0);
  });

  it('comes from CAREDESK_BOOTSTRAP_ADMIN when no account exists, and the variable changes nothing afterwards', async () => {
    const { app, call } = workstation({ bootstrapAdmin: 'it.admin:bootstrap password 1' });
    expect(await call('session.state')).toMatchObject({ value: { state: 'signed-out' } });
    app.close();
    const again = startCareDesk({
      dataDir: app.dataDir,
      key: app.key,
      trustedOrigins: [TEST_ORIGIN],
      scryptCost: MINIMUM_SCRYPT_COST,
      bootstrapAdmin: 'it.admin:a different password',
    });
    disposers.unshift(() => again.close());
    const signIn = (password: string) => again.router('session.signIn', { username: 'it.admin', password }, fromWindow);
    expect(await signIn('a different password')).toMatchObject({ ok: false });
    expect(await signIn('bootstrap password 1')).toMatchObject({
      ok: true,
      value: { user: { role: 'admin' } },
    });
    expect(again.accounts.count()).toBe(1);
  });

  it.each(['no-colon-here', ':password only', 'ab:short', 'bad user:a long enough password'])(
    'a malformed CAREDESK_BOOTSTRAP_ADMIN (%s) stops start-up with a clear message',
    (value) => {
      expect(() => freshCareDesk({ signedInAs: null, bootstrapAdmin: value })).toThrow(
        /CAREDESK_BOOTSTRAP_ADMIN must be username:password/,
      );
    },
  );
});

describe('automatic lock', () => {
  it('locks after 10 idle minutes: patient calls stop, the page is told, and the lock is recorded', async () => {
    const { app, clock, call, events } = workstation();
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    clock.advanceMinutes(9);
    expect(await call('session.state')).toMatchObject({ value: { state: 'active' } });
    clock.advanceMinutes(1);
    expect(await call('session.state')).toMatchObject({ value: { state: 'locked', user: { username: 'maria' } } });
    expect(await call('patients.create', patient)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(events).toEqual(['session.changed:active', 'session.changed:locked']);
    expect(auditTrail(app).at(-1)).toMatchObject({ action: 'lock', channel: 'idle', username: 'maria' });
  });

  it('restarts the idle time at every activity the page reports', async () => {
    const { app, clock, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    for (let i = 0; i < 5; i++) {
      clock.advanceMinutes(8);
      expect(await call('session.activity')).toEqual({ ok: true, value: null });
    }
    expect(await call('session.state')).toMatchObject({ value: { state: 'active' } });
    clock.advanceMinutes(10);
    expect(await call('session.state')).toMatchObject({ value: { state: 'locked' } });
    // Once locked, activity does not unlock.
    expect(await call('session.activity')).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it("follows IT policy's minutes, read when the timer restarts", async () => {
    let minutes = 1;
    const { app, clock, call } = workstation({ idleLockMinutes: () => minutes });
    addUser(app, 'coordinator', 'maria');
    const signedIn = await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    expect(signedIn).toMatchObject({ value: { idleLockMinutes: 1 } });
    clock.advanceMinutes(1);
    expect(await call('session.state')).toMatchObject({ value: { state: 'locked' } });
    minutes = 30;
    await call('session.unlock', { password: TEST_PASSWORD });
    clock.advanceMinutes(29);
    expect(await call('session.state')).toMatchObject({ value: { state: 'active', idleLockMinutes: 30 } });
  });

  it('applies a shorter idle lock set while someone works within a minute, with no activity needed', async () => {
    let minutes = 10;
    const { app, clock, call } = workstation({ idleLockMinutes: () => minutes });
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    clock.advanceMinutes(2);
    // An admin sets 1 minute on the settings screen; nobody touches the keyboard after that.
    minutes = 1;
    expect(await call('session.state')).toMatchObject({ value: { state: 'active' } });
    clock.advanceMinutes(1);
    expect(await call('session.state')).toMatchObject({ value: { state: 'locked' } });
  });

  it.each([
    ['lock-screen', 'os-lock'],
    ['suspend', 'os-suspend'],
  ] as const)('locks when the OS reports %s', async (event, channel) => {
    const { app, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    lockForSystemEvent(app.session, event);
    expect(await call('session.state')).toMatchObject({ value: { state: 'locked' } });
    expect(auditTrail(app).at(-1)).toMatchObject({ action: 'lock', channel });
  });

  it('stops the idle timer when nobody is signed in', async () => {
    const { app, clock, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    await call('session.lock');
    expect(clock.pending).toBe(0);
    await call('session.signOut');
    expect(clock.pending).toBe(0);
  });
});

describe('unlocking and switching user', () => {
  it('unlocks only with the locked user’s password', async () => {
    const { app, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    expect(await call('session.lock')).toMatchObject({ value: { state: 'locked' } });
    expect(await call('session.unlock', { password: 'not it at all' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await call('patients.search', { query: 'x' })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(await call('session.unlock', { password: TEST_PASSWORD })).toMatchObject({
      ok: true,
      value: { state: 'active', user: { username: 'maria' } },
    });
    expect(auditTrail(app).map((e) => [e.action, e.channel])).toEqual([
      ['sign-in', 'session.signIn'],
      ['lock', 'session.lock'],
      ['failed-sign-in', 'session.unlock'],
      ['sign-in', 'session.unlock'],
    ]);
  });

  it('lets another coordinator sign in over a locked session, ending it on the record', async () => {
    const { app, call } = workstation();
    addUser(app, 'coordinator', 'maria');
    addUser(app, 'coordinator', 'dev');
    await call('session.signIn', { username: 'maria', password: TEST_PASSWORD });
    await call('session.lock');
    expect(await call('session.signIn', { username: 'dev', password: TEST_PASSWORD })).toMatchObject({
      value: { state: 'active', user: { username: 'dev' } },
    });
    expect(auditTrail(app).map((e) => [e.action, e.username, e.channel])).toEqual([
      ['sign-in', 'maria', 'session.signIn'],
      ['lock', 'maria', 'session.lock'],
      ['sign-out', 'maria', 'session.switchUser'],
      ['sign-in', 'dev', 'session.signIn'],
    ]);
    // Maria's password no longer unlocks anything: her session is over.
    expect(await call('session.unlock', { password: TEST_PASSWORD })).toMatchObject({ error: { code: 'CONFLICT' } });
  });
});

describe('accounts', () => {
  it('an admin adds a user and changes roles; the workstation always keeps one admin', async () => {
    const { app, call } = workstation();
    const admin = addUser(app, 'admin', 'it.admin');
    await call('session.signIn', { username: 'it.admin', password: TEST_PASSWORD });
    const created = await call('users.create', {
      username: 'Nadia.K',
      displayName: 'Nadia Karimi',
      role: 'coordinator',
      password: 'nadia first password',
    });
    expect(created).toMatchObject({ ok: true, value: { username: 'nadia.k', role: 'coordinator', source: 'local' } });
    const nadiaId = created.ok ? (created.value as { id: string }).id : '';
    expect(
      await call('users.create', {
        ...{ username: 'nadia.k', displayName: 'Dup', role: 'admin' },
        password: 'x'.repeat(12),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { username: 'This username is taken' } },
    });
    expect(await call('users.setRole', { userId: nadiaId, role: 'supervisor' })).toMatchObject({
      value: { role: 'supervisor' },
    });
    expect(await call('users.setRole', { userId: admin.id, role: 'coordinator' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /only admin/ },
    });
    // The new user signs in with the password the admin set.
    expect(await call('session.signIn', { username: 'nadia.k', password: 'nadia first password' })).toMatchObject({
      value: { user: { role: 'supervisor' } },
    });
    expect(auditTrail(app).map((e) => [e.action, e.channel])).toContainEqual(['update', 'users.setRole']);
  });

  it('applies a role change to the signed-in person at once, and leaves hub accounts to the hub', async () => {
    const { app, call } = workstation();
    addUser(app, 'admin', 'it.admin');
    const second = addUser(app, 'admin', 'second.admin');
    const hub = app.accounts.provision({
      id: '0b7c0a52-8f43-4c55-9d57-1f8e2a3b4c5d',
      username: 'hub.user',
      displayName: 'From the hub',
      role: 'coordinator',
      verifier: app.accounts.byUsername('it.admin')!.verifier,
    });
    await call('session.signIn', { username: 'second.admin', password: TEST_PASSWORD });
    expect(await call('users.setRole', { userId: hub.id, role: 'admin' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: /managed by the clinic hub/ },
    });
    expect(await call('users.setRole', { userId: second.id, role: 'coordinator' })).toMatchObject({ ok: true });
    expect(await call('users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a hub account whose verifier is weaker than the minimum', () => {
    const { app } = workstation();
    expect(() =>
      app.accounts.provision({
        id: '7d1c6d0e-3f50-4d5b-9a1e-0c1f0b9f5b10',
        username: 'weak',
        displayName: 'Weak',
        role: 'coordinator',
        verifier: `scrypt$1024$8$1$${'A'.repeat(22)}$${'A'.repeat(43)}`,
      }),
    ).toThrow(/not a scrypt verifier of enough cost/);
    expect(app.accounts.count()).toBe(0);
  });
});
