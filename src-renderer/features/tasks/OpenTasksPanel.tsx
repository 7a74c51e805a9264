import { useEffect, useState } from 'react';
import { KIND_LABELS, POOL_LABELS, type Task } from '../../../src-shared/tasks/schemas';
import { useNavigation } from '../../app/navigation';
import { call } from '../../ipc/client';
import { dueLabel } from '../calls/labels';

const SHOWN = 10;

/** The chart's open tasks for this patient, soonest due first; Enter on one opens it. */
export function OpenTasksPanel({ patientId }: { patientId: string }) {
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const go = useNavigation((s) => s.go);
  useEffect(() => {
    let live = true;
    void call('tasks.openFor', { patientId, limit: SHOWN }).then((r) => {
      if (!live) return;
      if (r.ok) setTasks(r.value);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [patientId]);

  if (error) return <p role="alert">{error}</p>;
  if (!tasks) return <p className="placeholder">Loading open tasks…</p>;
  if (tasks.length === 0) return <p className="placeholder">No open tasks for this patient.</p>;
  const now = new Date();
  return (
    <ul className="chart-list">
      {tasks.map((t) => (
        <li key={t.id}>
          <button type="button" className="chart-item" onClick={() => go({ name: 'task', taskId: t.id })}>
            {t.title}
          </button>
          <span className="chart-item-detail">
            {KIND_LABELS[t.kind]}, due {dueLabel(t.dueAt, now)}
            {new Date(t.dueAt) < now ? ' (overdue)' : ''},{' '}
            {t.assignee.kind === 'person' ? t.assignee.name : POOL_LABELS[t.assignee.pool]}
          </span>
        </li>
      ))}
    </ul>
  );
}
