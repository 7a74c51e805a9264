import { useEffect, useState } from 'react';
import type { CallFigures as Figures } from '../../../src-shared/calls/schemas';
import { formatDuration } from '../../../src-shared/calls/duration';
import { call } from '../../ipc/client';

const hourLabel = (h: number) => `${h % 12 === 0 ? 12 : h % 12} ${h < 12 ? 'AM' : 'PM'}`;

/** Today at a glance: calls by hour, average handle time, open callbacks and how many are overdue. */
export function CallFigures({ refreshKey }: { refreshKey?: unknown }) {
  const [figures, setFigures] = useState<Figures | null>(null);
  useEffect(() => {
    let live = true;
    void call('calls.figures', {}).then((r) => live && r.ok && setFigures(r.value));
    return () => {
      live = false;
    };
  }, [refreshKey]);
  if (!figures) return null;
  const peak = Math.max(1, ...figures.callsByHour);
  // Working hours always show; calls outside them widen the chart.
  const hours = figures.callsByHour.map((n, h) => ({ h, n })).filter(({ h, n }) => n > 0 || (h >= 7 && h <= 19));
  return (
    <section className="call-figures" aria-label="Today's calls">
      <dl className="figures">
        <div>
          <dt>Calls today</dt>
          <dd>{figures.callsToday}</dd>
        </div>
        <div>
          <dt>Average handle time</dt>
          <dd>{figures.averageHandleSeconds === null ? '—' : formatDuration(figures.averageHandleSeconds)}</dd>
        </div>
        <div>
          <dt>Open callbacks</dt>
          <dd>{figures.openCallbacks}</dd>
        </div>
        <div className={figures.overdueCallbacks > 0 ? 'overdue' : undefined}>
          <dt>Overdue callbacks</dt>
          <dd>{figures.overdueCallbacks}</dd>
        </div>
      </dl>
      <figure className="by-hour">
        <figcaption>Calls by hour</figcaption>
        <ol>
          {hours.map(({ h, n }) => (
            <li key={h} aria-label={`${hourLabel(h)}: ${n} ${n === 1 ? 'call' : 'calls'}`}>
              <span className="bar" style={{ height: `${(n / peak) * 100}%` }} aria-hidden="true" />
              <span className="hour" aria-hidden="true">
                {h % 12 === 0 ? 12 : h % 12}
              </span>
            </li>
          ))}
        </ol>
      </figure>
    </section>
  );
}
