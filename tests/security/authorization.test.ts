import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../src-shared/ipc/contract';
import { ROLES } from '../../src-shared/roles';
import { walkContractRoles, type RoleWalk } from '../support/role-walk';
import { addUser, freshCareDesk, fromWindow, TEST_ORIGIN, TEST_PASSWORD, type TestCareDesk } from '../support/store';

let app: TestCareDesk;
let walk: RoleWalk;
beforeAll(async () => {
  app = freshCareDesk({ signedInAs: null });
  walk = await walkContractRoles(app.store, TEST_ORIGIN);
});
afterAll(() => app.dispose());

/** The only channels anyone may call without a session: how a person gets one. */
const PUBLIC = [
  'session.current',
  'session.state',
  'session.setUp',
  'session.signIn',
  'session.unlock',
  'session.signOut',
];

describe('role enforcement over the whole contract', () => {
  it('declares roles on every channel: a non-empty list of known roles, or public for the sign-in channels only', () => {
    for (const [name, channel] of Object.entries(contract)) {
      if (channel.roles === 'public') {
        expect(PUBLIC, `${name} is public`).toContain(name);
        expect(channel.phi, `${name} is public and touches PHI`).toBe('none');
      } else {
        expect(channel.roles.length, name).toBeGreaterThan(0);
        for (const role of channel.roles) expect(ROLES, name).toContain(role);
      }
    }
  });

  it('runs no channel for a role it does not allow, and none without a session unless public', () => {
    expect(walk.channels).toBe(Object.keys(contract).length);
    expect(walk.calls).toBe(walk.channels * (ROLES.length + 1));
    // security.channels_without_role_check
    expect(walk.findings).toEqual([]);
  });

  it('lets every allowed role past the check', () => {
    expect(walk.wronglyRefused).toEqual([]);
  });

  it('keeps the admin screens and account care to admins; anyone signed in changes only their own password', () => {
    for (const name of [
      'users.list',
      'users.create',
      'users.setRole',
      'users.resetPassword',
      'users.setDisabled',
      'users.liftLockout',
      'audit.list',
      'audit.export',
      'audit.verify',
      'policy.set',
    ]) {
      expect(contract[name as keyof typeof contract].roles, name).toEqual(['admin']);
    }
    expect(contract['users.changePassword'].roles).toEqual(ROLES);
  });

  it('refuses a locked session like no session: the locked user’s role opens nothing', async () => {
    addUser(app, 'admin', 'locked.admin');
    await app.router('session.signIn', { username: 'locked.admin', password: TEST_PASSWORD }, fromWindow);
    expect(await app.router('audit.list', {}, fromWindow)).toMatchObject({ ok: true });
    await app.router('session.lock', {}, fromWindow);
    for (const name of Object.keys(contract).filter((n) => !PUBLIC.includes(n))) {
      expect(await app.router(name, {}, fromWindow), name).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    }
  });
});
