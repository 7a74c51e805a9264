import type { Assignee, Task } from '../../../src-shared/tasks/schemas';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { dueLabel } from '../calls/labels';

const announce = (message: string) => useAnnouncer.getState().announce(message);
const assigneeLabel = (a: Assignee) => (a.kind === 'person' ? a.name : `the ${a.pool} pool`);

/** Done, snooze and reassign, announced the same way from the worklist and the task screen. */
export async function completeTask(task: Task): Promise<boolean> {
  const r = await call('tasks.complete', { id: task.id });
  announce(r.ok ? `Done: ${task.title}` : `Not done: ${r.error.message}`);
  return r.ok;
}

export async function snoozeTask(task: Task, until: string): Promise<boolean> {
  const r = await call('tasks.snooze', { id: task.id, until });
  announce(r.ok ? `Snoozed until ${dueLabel(r.value.dueAt)}: ${task.title}` : `Not snoozed: ${r.error.message}`);
  return r.ok;
}

export async function reassignTask(task: Task, assignee: Assignee): Promise<boolean> {
  const r = await call('tasks.reassign', { id: task.id, assignee });
  announce(r.ok ? `Reassigned to ${assigneeLabel(assignee)}: ${task.title}` : `Not reassigned: ${r.error.message}`);
  return r.ok;
}
