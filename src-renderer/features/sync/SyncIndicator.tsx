import { useEffect } from 'react';
import { useNavigation } from '../../app/navigation';
import { stateLabel, timeLabel, useSyncStatus } from './sync-store';
import './sync.css';

const GLYPHS = { online: '●', syncing: '↻', offline: '○', disconnected: '–' } as const;

/**
 * Always in the app shell: whether this workstation is in step with the clinic
 * hub, how many changes wait, when it last synced and why it last failed. The
 * state is said in words inside a polite live region; the glyph and colour only
 * repeat it. During the first sync a progress bar shows how far it has come.
 */
export function SyncIndicator() {
  const status = useSyncStatus((s) => s.status);
  const start = useSyncStatus((s) => s.start);
  const go = useNavigation((s) => s.go);
  useEffect(() => start(), [start]);
  const state = status?.state ?? 'disconnected';
  const open = status?.openReviewItems ?? 0;
  return (
    <div className="sync-indicator" data-state={state}>
      <span aria-hidden="true" className="sync-glyph">
        {GLYPHS[state]}
      </span>
      {/* A polite live region without role=status: the shell's announcer is the page's one status. */}
      <span aria-live="polite" aria-atomic="true" id="sync-state" className="sync-state">
        {stateLabel(status)}
      </span>
      {status && status.state !== 'disconnected' && (
        <span className="sync-detail">Last synced {timeLabel(status.lastSuccessAt)}</span>
      )}
      {status?.progress && (
        <progress
          className="sync-progress"
          aria-label="First sync"
          max={Math.max(1, status.progress.total)}
          value={status.progress.done}
        />
      )}
      <button type="button" className="sync-open" onClick={() => go({ name: 'sync' })}>
        Sync{open > 0 ? `: ${open} to review` : ''} <kbd>Alt+Y</kbd>
      </button>
    </div>
  );
}
