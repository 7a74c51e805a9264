import { useCallback, useEffect, useRef, useState } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { KIND_LABELS, POOL_LABELS, PRIORITY_LABELS, type Task } from '../../../src-shared/tasks/schemas';
import type { AppError } from '../../../src-shared/errors';
import type { SessionUser } from '../../../src-shared/session/contract';
import { isOverdue } from '../../../src-shared/tasks/rules';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { VirtualTable } from '../../components/VirtualTable';
import { dueLabel } from '../calls/labels';
import { NewTaskDialog, ReassignDialog, SnoozeDialog } from './TaskDialogs';
import { completeTask, createTask, reassignTask, snoozeTask } from './task-actions';
import '../calls/calls.css';

const WINDOW = 200;
const features = tableFeatures({});
const column = createColumnHelper<typeof features, Task>();
const columns = column.columns([
  column.accessor('dueAt', {
    header: 'Due',
    cell: (c) =>
      isOverdue(c.row.original, new Date()) ? (
        <span className="overdue">Overdue · {dueLabel(c.getValue())}</span>
      ) : (
        dueLabel(c.getValue())
      ),
  }),
  column.accessor('priority', { header: 'Priority', cell: (c) => PRIORITY_LABELS[c.getValue()] }),
  column.accessor('kind', { header: 'Kind', cell: (c) => KIND_LABELS[c.getValue()] }),
  column.accessor('title', { header: 'Task' }),
  column.accessor('patientName', { header: 'Patient', cell: (c) => c.getValue() ?? '—' }),
  column.accessor('assignee', {
    header: 'Assigned to',
    cell: (c) => {
      const a = c.getValue();
      return a.kind === 'person' ? a.name : `${POOL_LABELS[a.pool]} (pool)`;
    },
  }),
]);

type Scope = 'mine' | 'team';

/**
 * The coordinator's worklist: every open task from every feature, overdue first,
 * then by due time. Keys: arrows or j/k move, Enter opens, d done, s snooze,
 * a reassign, n new task, t switches between mine and the team's.
 */
export function Worklist({ scope: initialScope = 'mine' }: { scope?: Scope }) {
  const go = useNavigation((s) => s.go);
  const announce = useAnnouncer((s) => s.announce);
  const [scope, setScope] = useState<Scope>(initialScope);
  const [rows, setRows] = useState<Task[]>([]);
  const [total, setTotal] = useState(0);
  const [overdue, setOverdue] = useState(0);
  const [active, setActive] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [dialog, setDialog] = useState<{ kind: 'snooze' | 'reassign'; task: Task } | { kind: 'new' } | null>(null);
  const [me, setMe] = useState<SessionUser | null>(null);
  const gridBox = useRef<HTMLDivElement>(null);
  const ticket = useRef(0);
  const loadingMore = useRef(false);

  useEffect(() => {
    void call('session.current', {}).then((r) => r.ok && setMe(r.value));
  }, []);

  const load = useCallback(
    (keepActive: boolean) => {
      const mine = ++ticket.current;
      void call('tasks.worklist', { scope, offset: 0, limit: WINDOW }).then((r) => {
        if (mine !== ticket.current) return;
        setLoaded(true);
        if (!r.ok) {
          announce(`Worklist not loaded: ${r.error.message}`);
          return;
        }
        setRows(r.value.rows);
        setTotal(r.value.total);
        setOverdue(r.value.overdue);
        setActive((a) => (keepActive ? Math.min(a, Math.max(0, r.value.rows.length - 1)) : 0));
      });
    },
    [scope, announce],
  );
  useEffect(() => load(false), [load]);
  useEffect(() => {
    gridBox.current?.querySelector<HTMLTableElement>('table')?.focus();
  }, [scope]);

  const loadMore = useCallback(() => {
    if (loadingMore.current || rows.length >= total) return;
    loadingMore.current = true;
    const mine = ticket.current;
    void call('tasks.worklist', { scope, offset: rows.length, limit: WINDOW }).then((r) => {
      loadingMore.current = false;
      if (mine === ticket.current && r.ok) setRows((prev) => [...prev, ...r.value.rows]);
    });
  }, [rows.length, total, scope]);

  const table = useTable({ features, columns, data: rows, getRowId: (t) => t.id });

  const afterAction = (ok: boolean) => {
    setDialog(null);
    if (ok) load(true);
    // Focus goes back to the list, on the row that took the removed task's place.
    setTimeout(() => gridBox.current?.querySelector<HTMLTableElement>('table')?.focus(), 0);
  };
  /** A dialog's action: closes it when it worked, else leaves the refusal in it. */
  const inDialog = (action: Promise<AppError | null>) =>
    action.then((refused) => {
      if (!refused) afterAction(true);
      return refused;
    });

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <header className="screen-head">
        <h1 id="worklist-title">Worklist</h1>
        <div role="group" aria-label="Whose tasks" className="scope">
          <button type="button" aria-pressed={scope === 'mine'} onClick={() => setScope('mine')}>
            Mine
          </button>
          <button type="button" aria-pressed={scope === 'team'} onClick={() => setScope('team')}>
            Team
          </button>
        </div>
        <button type="button" onClick={() => setDialog({ kind: 'new' })}>
          New task <kbd>n</kbd>
        </button>
      </header>
      <p className="summary">
        {total} open {total === 1 ? 'task' : 'tasks'}
        {overdue > 0 && <span className="overdue">, {overdue} overdue</span>}
      </p>
      <p className="hint">
        <kbd>↑</kbd>
        <kbd>↓</kbd> or <kbd>j</kbd>
        <kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>d</kbd> done, <kbd>s</kbd> snooze, <kbd>a</kbd> reassign,{' '}
        <kbd>n</kbd> new task, <kbd>t</kbd> mine or team.
      </p>
      <div
        ref={gridBox}
        onKeyDown={(e) => {
          // Keys about the list, not a row: they work on an empty list too.
          if (e.ctrlKey || e.metaKey || e.altKey || !(e.target instanceof HTMLTableElement)) return;
          if (e.key === 'n') setDialog({ kind: 'new' });
          else if (e.key === 't') setScope((s) => (s === 'mine' ? 'team' : 'mine'));
          else return;
          e.preventDefault();
        }}
      >
        <VirtualTable
          table={table}
          id="tasks"
          label={scope === 'mine' ? 'My tasks' : "The team's tasks"}
          total={total}
          active={active}
          onActiveChange={setActive}
          onOpen={(t) => go({ name: 'task', taskId: t.id })}
          onNearEnd={loadMore}
          rowClassName={(t) => (isOverdue(t, new Date()) ? 'overdue-row' : undefined)}
          onRowKey={(key, task) => {
            switch (key) {
              case 'd':
                void completeTask(task).then((refused) => afterAction(!refused));
                return true;
              case 's':
                setDialog({ kind: 'snooze', task });
                return true;
              case 'a':
                setDialog({ kind: 'reassign', task });
                return true;
              default:
                return false;
            }
          }}
          empty={loaded ? (scope === 'mine' ? 'Nothing on your worklist.' : 'No open tasks.') : 'Loading tasks…'}
        />
      </div>
      {dialog?.kind === 'snooze' && (
        <SnoozeDialog
          task={dialog.task}
          onClose={() => afterAction(false)}
          onSnooze={(until) => inDialog(snoozeTask(dialog.task, until))}
        />
      )}
      {dialog?.kind === 'reassign' && (
        <ReassignDialog
          task={dialog.task}
          me={me}
          onClose={() => afterAction(false)}
          onReassign={(assignee) => inDialog(reassignTask(dialog.task, assignee))}
        />
      )}
      {dialog?.kind === 'new' && (
        <NewTaskDialog me={me} onClose={() => afterAction(false)} onCreate={(task) => inDialog(createTask(task))} />
      )}
    </section>
  );
}
