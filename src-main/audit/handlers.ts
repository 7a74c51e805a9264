import type { auditChannels } from '../../src-shared/audit/contract';
import type { HandlersFor } from '../ipc/handler';
import type { Store } from '../store/store';
import { appendAudit } from './audit-log';
import { exportAudit, listAudit } from './query';
import { verifyAuditChain } from './verify';

export function auditHandlers(store: Store): HandlersFor<typeof auditChannels> {
  return {
    // Both run inside the router's audited transaction, so each read records itself.
    'audit.list': (input) => listAudit(store, input),
    'audit.export': (input) => exportAudit(store, input),
    'audit.verify': (_input, { actor }) => {
      // Read outside a write transaction (a million entries take a while), then recorded as a view.
      const result = verifyAuditChain(store.sqlite);
      store.write((tx) =>
        appendAudit(store, tx, {
          action: 'view',
          channel: 'audit.verify',
          userId: actor.userId,
          username: actor.username,
          patientIds: [],
        }),
      );
      return result;
    },
  };
}
