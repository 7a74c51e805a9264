import { useEffect, useState, type ReactNode } from 'react';
import { addDays, addHours, setHours, setMinutes, startOfHour } from 'date-fns';
import {
  KIND_LABELS,
  POOL_LABELS,
  PRIORITY_LABELS,
  TASK_KINDS,
  TASK_PRIORITIES,
  type Assignee,
  type AssigneeChoices,
  type NewTaskInput,
  type Task,
} from '../../../src-shared/tasks/schemas';
import type { AppError } from '../../../src-shared/errors';
import type { SessionUser } from '../../../src-shared/session/contract';
import { call } from '../../ipc/client';
import { Dialog } from '../../components/Dialog';
import { PatientPicker, type PickedPatient } from '../patients/PatientPicker';
import { fromLocalInput, toLocalInput } from '../calls/labels';

/** What a dialog's submit resolves to: nothing when it worked (the dialog closes), else why not. */
type Outcome = AppError | null;

/**
 * The one shape of every task dialog: a titled modal form, Enter or Ctrl+Enter
 * submits, Esc cancels, and a refusal stays on screen beside the fields instead
 * of closing the dialog.
 */
function TaskForm({
  title,
  submitLabel,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  onSubmit: () => Promise<Outcome> | Outcome;
  onClose: () => void;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const refused = await onSubmit();
    setBusy(false);
    if (refused) setError(Object.values(refused.fields ?? {})[0] ?? refused.message);
  };
  return (
    <Dialog title={title} onEscape={onClose}>
      <form
        className="task-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        {children}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="submit" disabled={busy}>
            {submitLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
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
  onSnooze: (until: string) => Promise<Outcome>;
  onClose: () => void;
}) {
  const [choices] = useState(() => snoozeChoices(startOfHour(new Date())));
  const [choice, setChoice] = useState(choices[0]![1]);
  const [custom, setCustom] = useState('');
  return (
    <TaskForm
      title={`Snooze: ${task.title}`}
      submitLabel="Snooze"
      onSubmit={() => onSnooze(fromLocalInput(custom) ?? choice)}
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor="snooze-choice">Snooze until</label>
        <select id="snooze-choice" data-autofocus value={choice} onChange={(e) => setChoice(e.target.value)}>
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
    </TaskForm>
  );
}

/** Colleagues who can sign in here and the pools, loaded once per dialog. */
function useAssigneeChoices(): AssigneeChoices | null {
  const [choices, setChoices] = useState<AssigneeChoices | null>(null);
  useEffect(() => {
    let live = true;
    void call('tasks.assignees', {}).then((r) => live && setChoices(r.ok ? r.value : { people: [], pools: [] }));
    return () => {
      live = false;
    };
  }, []);
  return choices;
}

const assigneeKey = (a: Assignee) => (a.kind === 'person' ? `person:${a.userId}` : `pool:${a.pool}`);

/**
 * A person or a pool, in one list: me first, then colleagues by name, then the
 * pools. Typing a name's first letters picks it, as in any select.
 */
function AssigneeSelect({
  id,
  me,
  value,
  onChange,
  autoFocus = false,
}: {
  id: string;
  me: SessionUser | null;
  value: string;
  onChange: (key: string, assignee: Assignee) => void;
  autoFocus?: boolean;
}) {
  const choices = useAssigneeChoices();
  const people = (choices?.people ?? []).map((p) => ({
    key: `person:${p.userId}`,
    label: p.userId === me?.userId ? `Me (${p.name})` : `${p.name}, ${p.role}`,
    assignee: { kind: 'person' as const, userId: p.userId, name: p.name },
    mine: p.userId === me?.userId,
  }));
  people.sort((a, b) => Number(b.mine) - Number(a.mine));
  const pools = (choices?.pools ?? []).map((pool) => ({
    key: `pool:${pool}`,
    label: `${POOL_LABELS[pool]} (pool)`,
    assignee: { kind: 'pool' as const, pool },
  }));
  const all = [...people, ...pools];
  return (
    <div className="field">
      <label htmlFor={id}>Assign to</label>
      <select
        id={id}
        data-autofocus={autoFocus || undefined}
        value={value}
        aria-busy={choices === null}
        onChange={(e) => {
          const picked = all.find((o) => o.key === e.target.value);
          if (picked) onChange(picked.key, picked.assignee);
        }}
      >
        {!all.some((o) => o.key === value) && <option value={value}>Choose…</option>}
        <optgroup label="People">
          {people.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Pools">
          {pools.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
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
  onReassign: (assignee: Assignee) => Promise<Outcome>;
  onClose: () => void;
}) {
  const [picked, setPicked] = useState<{ key: string; assignee: Assignee | null }>({
    key: assigneeKey(task.assignee),
    assignee: null,
  });
  return (
    <TaskForm
      title={`Reassign: ${task.title}`}
      submitLabel="Reassign"
      onSubmit={() =>
        picked.assignee
          ? onReassign(picked.assignee)
          : { code: 'VALIDATION', message: 'Choose someone else or a pool, or press Esc to keep it as it is' }
      }
      onClose={onClose}
    >
      <AssigneeSelect
        id="reassign-to"
        me={me}
        autoFocus
        value={picked.key}
        onChange={(key, assignee) => setPicked({ key, assignee })}
      />
    </TaskForm>
  );
}

/**
 * A task made by hand (n on the worklist): what, for which patient, whose, by when.
 * Features make their own tasks in the main process; this is for everything else.
 */
export function NewTaskDialog({
  me,
  onCreate,
  onClose,
}: {
  me: SessionUser | null;
  onCreate: (task: NewTaskInput) => Promise<Outcome>;
  onClose: () => void;
}) {
  const [kind, setKind] = useState<NewTaskInput['kind']>('callback');
  const [title, setTitle] = useState('');
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const mine: Assignee | null = me ? { kind: 'person', userId: me.userId, name: me.displayName } : null;
  const [assignee, setAssignee] = useState<{ key: string; assignee: Assignee | null }>({
    key: mine ? assigneeKey(mine) : 'pool:coordinators',
    assignee: mine ?? { kind: 'pool', pool: 'coordinators' },
  });
  const [due, setDue] = useState(() => toLocalInput(startOfHour(addHours(new Date(), 2)).toISOString()));
  const [priority, setPriority] = useState<NewTaskInput['priority']>('normal');
  return (
    <TaskForm
      title="New task"
      submitLabel="Add task"
      onSubmit={() =>
        onCreate({
          kind,
          title,
          patientId: patient?.id ?? null,
          assignee: assignee.assignee!,
          dueAt: fromLocalInput(due) ?? '',
          priority,
        })
      }
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor="task-kind">Kind</label>
        <select
          id="task-kind"
          data-autofocus
          value={kind}
          onChange={(e) => setKind(e.target.value as NewTaskInput['kind'])}
        >
          {TASK_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="task-title">What needs doing</label>
        <input id="task-title" autoComplete="off" value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <PatientPicker label="Patient (optional)" value={patient} onChange={setPatient} />
      <AssigneeSelect
        id="task-assignee"
        me={me}
        value={assignee.key}
        onChange={(key, a) => setAssignee({ key, assignee: a })}
      />
      <div className="field">
        <label htmlFor="task-due">Due</label>
        <input id="task-due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="task-priority">Priority</label>
        <select
          id="task-priority"
          value={priority}
          onChange={(e) => setPriority(e.target.value as NewTaskInput['priority'])}
        >
          {TASK_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
    </TaskForm>
  );
}
