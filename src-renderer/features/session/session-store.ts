import { create } from 'zustand';
import type { SessionState } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';

interface SessionStore {
  /** Null until the main process has answered. */
  session: SessionState | null;
  problem: string | null;
  refresh: () => Promise<void>;
  set: (session: SessionState) => void;
}

/**
 * The workstation's session as the main process reports it. When it stops being
 * `active` (locked, signed out, switched), the page reloads: the simplest way to
 * be sure no patient detail survives in any store, cache or screen
 * (docs/decisions/0702-locking-reloads-the-renderer.md).
 */
export const useSession = create<SessionStore>((set, get) => ({
  session: null,
  problem: null,
  async refresh() {
    const result = await call('session.state', {});
    if (result.ok) get().set(result.value);
    else set({ problem: result.error.message });
  },
  set(next) {
    const was = get().session?.state;
    if (was === 'active' && next.state !== 'active') {
      clearRenderer();
      return;
    }
    set({ session: next, problem: null });
  },
}));

/** Drops every patient detail the page holds: all stores, screens and in-flight answers. */
export function clearRenderer(): void {
  window.location.reload();
}

export async function lockNow(): Promise<void> {
  const result = await call('session.lock', {});
  if (result.ok) useSession.getState().set(result.value);
}

export async function signOut(): Promise<void> {
  const result = await call('session.signOut', {});
  if (result.ok) useSession.getState().set(result.value);
}
