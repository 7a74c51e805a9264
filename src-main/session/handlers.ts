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
      session.refresh(account.id);
      return account;
    },
  };
}
