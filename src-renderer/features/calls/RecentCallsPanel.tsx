import { useEffect, useState } from 'react';
import { DIRECTION_LABELS, OUTCOME_LABELS, REASON_LABELS, type CallPage } from '../../../src-shared/calls/schemas';
import { useNavigation } from '../../app/navigation';
import { call } from '../../ipc/client';
import { localTime } from './labels';

const SHOWN = 5;

/** The chart's recent calls: the patient's last calls, newest first; Enter on one opens it. */
export function RecentCallsPanel({ patientId }: { patientId: string }) {
  const [page, setPage] = useState<CallPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = useNavigation((s) => s.go);
  useEffect(() => {
    let live = true;
    void call('calls.query', { filter: { patientId }, limit: SHOWN }).then((r) => {
      if (!live) return;
      if (r.ok) setPage(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [patientId]);

  if (error) return <p role="alert">{error}</p>;
  if (!page) return <p className="placeholder">Loading recent calls…</p>;
  if (page.rows.length === 0) return <p className="placeholder">No calls logged for this patient.</p>;
  return (
    <>
      <ul className="chart-list">
        {page.rows.map((c) => (
          <li key={c.id}>
            <button type="button" className="chart-item" onClick={() => go({ name: 'call', callId: c.id })}>
              {localTime(c.startedAt)} · {DIRECTION_LABELS[c.direction]} · {REASON_LABELS[c.reason]}
            </button>
            <span className="chart-item-detail">
              {OUTCOME_LABELS[c.outcome]}, {c.coordinatorName}
            </span>
          </li>
        ))}
      </ul>
      {page.total > page.rows.length && (
        <p className="placeholder">
          {page.total - page.rows.length} earlier call{page.total - page.rows.length === 1 ? '' : 's'} in the call log.
        </p>
      )}
    </>
  );
}
