import type { sessionChannels } from '../../src-shared/session/contract';
import type { userChannels } from '../../src-shared/session/users.contract';
import type { HandlersFor } from '../ipc/handler';
import type { AccountService } from './accounts';
import type { SessionService } from './session';

export function sessionHandlers(session: SessionService): HandlersFor<typeof sessionChannels> {
  return {
    'session.current': () => session.current(),
    'session.state': () => session.state(),
    'session.setUp': (input) => session.setUp(input),
    'session.signIn': (input) => session.signIn(input.username, input.password),
    'session.unlock': (input) => session.unlock(input.password),
    'session.signOut': () => session.signOut(),
    'session.lock': () => session.lock('user'),
    'session.activity': () => {
      session.activity();
      return null;
    },
  };
}

export function userHandlers(accounts: AccountService, session: SessionService): HandlersFor<typeof userChannels> {
  return {
    'users.list': () => accounts.list(),
    'users.create': (input, { actor }) => accounts.create(input, actor),
    'users.setRole': (input, { actor }) => {
      const account = accounts.setRole(input.userId, input.role, actor);
      session.refresh(account.id, 'users.setRole');
      return account;
    },
    'users.changePassword': async (input, { actor }) => {
      await accounts.changeOwnPassword(actor, input.currentPassword, input.newPassword);
      return null;
    },
    'users.resetPassword': (input, { actor }) => accounts.resetPassword(input.userId, input.newPassword, actor),
    'users.setDisabled': (input, { actor }) => {
      const account = accounts.setDisabled(input.userId, input.disabled, actor);
      session.refresh(account.id, 'users.disable');
      return account;
    },
    'users.liftLockout': (input, { actor }) => accounts.liftLockout(input.userId, actor),
  };
}
