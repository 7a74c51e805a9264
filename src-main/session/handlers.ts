import type { sessionChannels } from '../../src-shared/session/contract';
import type { HandlersFor } from '../ipc/handler';

export function sessionHandlers(): HandlersFor<typeof sessionChannels> {
  return {
    'session.current': (_input, { session }) => session,
  };
}
