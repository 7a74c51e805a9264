import type { AppError } from '../../../src-shared/errors';
import type { Assignee, NewTaskInput, Task } from '../../../src-shared/tasks/schemas';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { dueLabel } from '../calls/labels';

const announce = (message: string) => useAnnouncer.getState().announce(message);
const assigneeLabel = (a: Assignee) => (a.kind === 'person' ? a.name : `the ${a.pool} pool`);

/**
 * Done, snooze, reassign and new, announced the same way from the worklist and the
 * task screen. Each resolves to null when it worked, else the refusal (a dialog keeps
 * it on screen).
 */
export async function completeTask(task: Task): Promise<AppError | null> {
  const r = await call('tasks.complete', { id: task.id });
  announce(r.ok ? `Done: ${task.title}` : `Not done: ${r.error.message}`);
  return r.ok ? null : r.error;
}

export async function snoozeTask(task: Task, until: string): Promise<AppError | null> {
  const r = await call('tasks.snooze', { id: task.id, until });
  if (r.ok) announce(`Snoozed until ${dueLabel(r.value.dueAt)}: ${task.title}`);
  return r.ok ? null : r.error;
}

export async function reassignTask(task: Task, assignee: Assignee): Promise<AppError | null> {
  const r = await call('tasks.reassign', { id: task.id, assignee });
  if (r.ok) announce(`Reassigned to ${assigneeLabel(r.value.assignee)}: ${task.title}`);
  return r.ok ? null : r.error;
}

export async function createTask(task: NewTaskInput): Promise<AppError | null> {
  const r = await call('tasks.create', task);
  if (r.ok)
    announce(`Task added for ${assigneeLabel(r.value.assignee)}, due ${dueLabel(r.value.dueAt)}: ${r.value.title}`);
  return r.ok ? null : r.error;
}
