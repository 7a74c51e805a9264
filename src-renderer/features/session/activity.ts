import { useEffect } from 'react';
import { call } from '../../ipc/client';
import { useSession } from './session-store';

/** At most one report per interval: enough for a lock measured in minutes, quiet on the bridge. */
export const ACTIVITY_REPORT_MS = 15_000;
const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * Tells the main process a person is still at the keyboard. The main process owns
 * the idle timer; this only reports, so a stalled page can never hold a session open.
 */
export function useActivityReports(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let last = 0;
    const report = () => {
      const now = Date.now();
      if (now - last < ACTIVITY_REPORT_MS) return;
      last = now;
      void call('session.activity', {}).then((result) => {
        // Locked meanwhile (and the push was missed): catch up.
        if (!result.ok && result.error.code === 'UNAUTHENTICATED') void useSession.getState().refresh();
      });
    };
    for (const name of EVENTS) window.addEventListener(name, report, { capture: true, passive: true });
    return () => {
      for (const name of EVENTS) window.removeEventListener(name, report, { capture: true });
    };
  }, [active]);
}
