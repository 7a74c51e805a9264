import { useEffect, useRef, useState } from 'react';
import {
  KIND_LABELS,
  POOL_LABELS,
  PRIORITY_LABELS,
  type TaskDetail as Detail,
} from '../../../src-shared/tasks/schemas';
import type { AppError } from '../../../src-shared/errors';
import type { SessionUser } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';
import { useNavigation } from '../../app/navigation';
import { dueLabel, localTime } from '../calls/labels';
import { ReassignDialog, SnoozeDialog } from './TaskDialogs';
import { completeTask, reassignTask, snoozeTask } from './task-actions';

const ACTION_LABELS = {
  created: 'Created',
  done: 'Done',
  snoozed: 'Snoozed',
  reassigned: 'Reassigned',
  reopened: 'Reopened',
  cancelled: 'Cancelled',
} as const;

/** One task, where it came from, and everything that happened to it. */
export function TaskDetail({ taskId }: { taskId: string }) {
  const go = useNavigation((s) => s.go);
  const [task, setTask] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'snooze' | 'reassign' | null>(null);
  const [me, setMe] = useState<SessionUser | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const load = () =>
    void call('tasks.get', { id: taskId }).then((r) => (r.ok ? setTask(r.value) : setError(r.error.message)));
  useEffect(load, [taskId]);
  useEffect(() => {
    void call('session.current', {}).then((r) => r.ok && setMe(r.value));
  }, []);
  useEffect(() => heading.current?.focus(), [task?.id]);

  if (error) return <p role="alert">{error}</p>;
  if (!task) return <p aria-busy="true">Loading task…</p>;
  const open = task.status === 'open';
  const done = (ok: boolean) => {
    setDialog(null);
    if (ok) load();
  };
  const inDialog = (action: Promise<AppError | null>) =>
    action.then((refused) => {
      if (!refused) done(true);
      return refused;
    });
  return (
    <article className="task-detail" aria-labelledby="task-title">
      <h1 id="task-title" tabIndex={-1} ref={heading}>
        {task.title}
      </h1>
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{KIND_LABELS[task.kind]}</dd>
        <dt>Status</dt>
        <dd>{task.status === 'open' ? 'Open' : task.status === 'done' ? 'Done' : 'Cancelled'}</dd>
        <dt>Due</dt>
        <dd>{dueLabel(task.dueAt)}</dd>
        <dt>Priority</dt>
        <dd>{PRIORITY_LABELS[task.priority]}</dd>
        <dt>Patient</dt>
        <dd>{task.patientName ?? '—'}</dd>
        <dt>Assigned to</dt>
        <dd>{task.assignee.kind === 'person' ? task.assignee.name : `${POOL_LABELS[task.assignee.pool]} (pool)`}</dd>
        {task.source?.kind === 'call' && (
          <>
            <dt>From</dt>
            <dd>
              <button type="button" onClick={() => go({ name: 'call', callId: task.source!.id })}>
                Open the call
              </button>
            </dd>
          </>
        )}
      </dl>
      {open && (
        <div className="form-actions">
          <button type="button" onClick={() => void completeTask(task).then((refused) => done(!refused))}>
            Mark done
          </button>{' '}
          <button type="button" onClick={() => setDialog('snooze')}>
            Snooze
          </button>{' '}
          <button type="button" onClick={() => setDialog('reassign')}>
            Reassign
          </button>
        </div>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol className="history">
          {task.history.map((e) => (
            <li key={e.id}>
              <strong>{ACTION_LABELS[e.action]}</strong> by {e.actorName}, {localTime(e.at)}: {e.detail}
            </li>
          ))}
        </ol>
      </section>
      {dialog === 'snooze' && (
        <SnoozeDialog task={task} onClose={() => done(false)} onSnooze={(until) => inDialog(snoozeTask(task, until))} />
      )}
      {dialog === 'reassign' && (
        <ReassignDialog
          task={task}
          me={me}
          onClose={() => done(false)}
          onReassign={(a) => inDialog(reassignTask(task, a))}
        />
      )}
    </article>
  );
}
