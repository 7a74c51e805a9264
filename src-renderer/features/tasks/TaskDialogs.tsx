import { useEffect, useRef, useState, type ReactNode } from 'react';
import { addDays, addHours, setHours, setMinutes, startOfHour } from 'date-fns';
import { POOL_LABELS, TASK_POOLS, type Assignee, type Task } from '../../../src-shared/tasks/schemas';
import type { SessionUser } from '../../../src-shared/session/contract';
import { fromLocalInput } from '../calls/labels';

/** A modal dialog that keeps focus inside, closes on Esc, and does not let Esc leave the screen. */
function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="task-dialog"
      aria-labelledby="task-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
    >
      <h2 id="task-dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}

const at9 = (d: Date) => setMinutes(setHours(d, 9), 0);
function snoozeChoices(now: Date): [string, string][] {
  const nextMonday = addDays(now, (8 - now.getDay()) % 7 || 7);
  return [
    ['1 hour', addHours(now, 1).toISOString()],
    ['3 hours', addHours(now, 3).toISOString()],
    ['Tomorrow 9:00 AM', at9(addDays(now, 1)).toISOString()],
    ['Monday 9:00 AM', at9(nextMonday).toISOString()],
  ];
}

export function SnoozeDialog({
  task,
  onSnooze,
  onClose,
}: {
  task: Task;
  onSnooze: (until: string) => void;
  onClose: () => void;
}) {
  const [choices] = useState(() => snoozeChoices(startOfHour(addHours(new Date(), 0))));
  const [choice, setChoice] = useState(choices[0]![1]);
  const [custom, setCustom] = useState('');
  return (
    <Dialog title={`Snooze: ${task.title}`} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSnooze(fromLocalInput(custom) ?? choice);
        }}
      >
        <div className="field">
          <label htmlFor="snooze-choice">Snooze until</label>
          <select id="snooze-choice" autoFocus value={choice} onChange={(e) => setChoice(e.target.value)}>
            {choices.map(([label, value]) => (
              <option key={label} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="snooze-custom">Or a time of your choosing</label>
          <input id="snooze-custom" type="datetime-local" value={custom} onChange={(e) => setCustom(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit">Snooze</button>{' '}
          <button type="button" onClick={onClose}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ReassignDialog({
  task,
  me,
  onReassign,
  onClose,
}: {
  task: Task;
  me: SessionUser | null;
  onReassign: (assignee: Assignee) => void;
  onClose: () => void;
}) {
  const options: [string, string, Assignee][] = [
    ...(me
      ? [
          ['me', `Me (${me.displayName})`, { kind: 'person', userId: me.userId, name: me.displayName }] as [
            string,
            string,
            Assignee,
          ],
        ]
      : []),
    ...TASK_POOLS.map((pool): [string, string, Assignee] => [
      pool,
      `${POOL_LABELS[pool]} (pool)`,
      { kind: 'pool', pool },
    ]),
  ];
  const [choice, setChoice] = useState(options[0]![0]);
  return (
    <Dialog title={`Reassign: ${task.title}`} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onReassign(options.find(([key]) => key === choice)![2]);
        }}
      >
        <div className="field">
          <label htmlFor="reassign-to">Assign to</label>
          <select id="reassign-to" autoFocus value={choice} onChange={(e) => setChoice(e.target.value)}>
            {options.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit">Reassign</button>{' '}
          <button type="button" onClick={onClose}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
