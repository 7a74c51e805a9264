import { useEffect, useState } from 'react';
import type { CallAppointment } from '../../../src-shared/calls/schemas';
import { call } from '../../ipc/client';
import { localTime } from '../calls/labels';

/**
 * The chart's upcoming appointments: the patient's visits from now on (the next four
 * months, as the call entry reads them), cancelled ones left out.
 */
export function UpcomingAppointmentsPanel({ patientId }: { patientId: string }) {
  const [visits, setVisits] = useState<CallAppointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void call('calls.appointmentsFor', { patientId }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error.message);
      const now = new Date().toISOString();
      setVisits(r.value.filter((a) => a.startsAt >= now && a.status !== 'cancelled'));
    });
    return () => {
      live = false;
    };
  }, [patientId]);

  if (error) return <p role="alert">{error}</p>;
  if (!visits) return <p className="placeholder">Loading appointments…</p>;
  if (visits.length === 0) return <p className="placeholder">No upcoming appointments.</p>;
  return (
    <ul className="chart-list">
      {visits.map((a) => (
        <li key={a.id}>
          <span className="chart-item-title">{localTime(a.startsAt)}</span>
          <span className="chart-item-detail">
            {a.typeName || 'Visit'}
            {a.providerName ? ` with ${a.providerName}` : ''}, {a.status}
          </span>
        </li>
      ))}
    </ul>
  );
}
