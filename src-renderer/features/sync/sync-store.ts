import { create } from 'zustand';
import type { SyncStatus } from '../../../src-shared/sync/contract';
import { call, subscribe } from '../../ipc/client';

interface SyncStatusState {
  status: SyncStatus | null;
  /** Reads the status once; afterwards the main process pushes every change (`sync.status` event). */
  start: () => () => void;
  refresh: () => void;
  syncNow: () => Promise<void>;
}

export const useSyncStatus = create<SyncStatusState>((set, get) => ({
  status: null,
  start() {
    get().refresh();
    return subscribe('sync.status', (status) => set({ status }));
  },
  refresh() {
    void call('sync.status', {}).then((r) => r.ok && set({ status: r.value }));
  },
  async syncNow() {
    const r = await call('sync.now', {});
    if (r.ok) set({ status: r.value });
  },
}));

/** What the indicator says, in words (never colour alone). */
export function stateLabel(status: SyncStatus | null): string {
  if (!status) return 'Sync status loading';
  const waiting = status.pending === 1 ? '1 change waiting' : `${status.pending} changes waiting`;
  switch (status.state) {
    case 'online':
      return status.pending > 0 ? `Online, ${waiting}` : 'Online, in step with the hub';
    case 'syncing':
      return status.progress ? 'First sync in progress' : 'Syncing';
    case 'offline':
      return `Offline, ${waiting}`;
    case 'disconnected':
      return status.enrolled ? `Not syncing, ${waiting}` : 'Working alone: not connected to a clinic hub';
  }
}

export function timeLabel(iso: string | null): string {
  if (!iso) return 'never';
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
