import type { SessionService } from './session';

/**
 * For the Electron shell: lock when the OS locks the screen or the machine sleeps
 * (HIPAA automatic logoff). Wire it to powerMonitor's `lock-screen` and `suspend`
 * events in src-main/electron; nothing here imports Electron, so it is tested under Node.
 */
export function lockForSystemEvent(session: SessionService, event: 'lock-screen' | 'suspend'): void {
  session.lock(event === 'suspend' ? 'os-suspend' : 'os-lock');
}
