import { contract, type Contract } from '../../src-shared/ipc/contract';
import { ROLES, type Role } from '../../src-shared/roles';
import type { SessionUser } from '../../src-shared/session/contract';
import type { HandlersFor } from '../../src-main/ipc/handler';
import { createRouter } from '../../src-main/ipc/router';
import type { Store } from '../../src-main/store/store';

export interface RoleWalkFinding {
  channel: string;
  /** The role that got past the check, or `none` for a call without a session, `locked` for a locked one. */
  caller: Role | 'none';
  code: string;
}

export interface RoleWalk {
  channels: number;
  calls: number;
  /** Calls that reached a handler (or got past the role check) when they should not have. */
  findings: RoleWalkFinding[];
  /** Calls an allowed role made that the role check refused. */
  wronglyRefused: RoleWalkFinding[];
}

const who = (role: Role): SessionUser => ({
  userId: `walk-${role}`,
  username: `walk.${role}`,
  displayName: role,
  role,
});

/**
 * Calls every channel of the contract as every role and as nobody, through the real
 * router with handlers that only record that they ran. A channel passes when no
 * caller outside its roles reaches its handler or gets past the role check
 * (FORBIDDEN, or UNAUTHENTICATED without a session), and every allowed role does.
 * Inputs are deliberately invalid: roles are checked before input, so even a
 * malformed call from the wrong role must be FORBIDDEN, never VALIDATION.
 */
export async function walkContractRoles(store: Store, origin: string): Promise<RoleWalk> {
  const ran: string[] = [];
  const handlers = new Proxy({} as HandlersFor<Contract>, {
    get: (_t, name: string) => () => {
      ran.push(name);
      throw new Error('recorded');
    },
  });
  let user: SessionUser | null = null;
  const router = createRouter({ store, handlers, session: () => user, trustedOrigins: [origin] });
  const walk: RoleWalk = { channels: 0, calls: 0, findings: [], wronglyRefused: [] };
  for (const [name, channel] of Object.entries(contract)) {
    walk.channels++;
    const callers: Array<Role | 'none'> = ['none', ...ROLES];
    for (const caller of callers) {
      user = caller === 'none' ? null : who(caller);
      ran.length = 0;
      walk.calls++;
      const result = await router(name, { 'not-a-field': true }, { origin, mainFrame: true });
      const code = result.ok ? 'OK' : result.error.code;
      const allowed =
        channel.roles === 'public' || (caller !== 'none' && (channel.roles as readonly Role[]).includes(caller));
      const refusedByCheck = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED';
      if (!allowed && (!refusedByCheck || ran.length > 0)) walk.findings.push({ channel: name, caller, code });
      if (!allowed && caller === 'none' && code !== 'UNAUTHENTICATED')
        walk.findings.push({ channel: name, caller, code });
      if (allowed && refusedByCheck) walk.wronglyRefused.push({ channel: name, caller, code });
    }
  }
  return walk;
}
