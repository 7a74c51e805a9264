import type { auditChannels } from '../../src-shared/audit/contract';
import type { HandlersFor } from '../ipc/handler';
import type { Store } from '../store/store';
import { exportAudit, listAudit } from './query';
import { verifyAuditChain } from './verify';

export function auditHandlers(store: Store): HandlersFor<typeof auditChannels> {
  return {
    'audit.list': (input) => listAudit(store, input),
    // Runs inside the router's audited transaction, so the export records itself.
    'audit.export': (input) => exportAudit(store, input),
    'audit.verify': () => verifyAuditChain(store.sqlite),
  };
}
