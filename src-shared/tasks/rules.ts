import type { CallOutcome, CallReason } from '../calls/schemas';
import type { Assignee, NewTask, TaskPriority } from './schemas';

/** How long a promise made on the phone may wait when the coordinator sets no time. */
export const DEFAULT_CALLBACK_HOURS = 2;
export const DEFAULT_CLINICAL_HOURS = 4;
/** How far `s` pushes a task when no time is chosen. */
export const DEFAULT_SNOOZE_MINUTES = 60;

export interface LoggedCall {
  id: string;
  patientId: string | null;
  patientName: string | null;
  callerName: string;
  reason: CallReason;
  outcome: CallOutcome;
  endedAt: string;
  followUpDue: string | null;
  coordinator: { userId: string; name: string };
}

const CLINICAL_OPEN: readonly CallOutcome[] = ['callback_needed', 'message_taken'];

/**
 * The tasks a logged call leaves behind, so no promise is forgotten:
 * - a clinical question still open (callback needed, message taken) goes to the
 *   clinician pool: their answer is the callback;
 * - any other call needing a callback is the logging coordinator's own callback.
 * A clinical question transferred live, or resolved, leaves nothing behind.
 */
export function tasksForCall(call: LoggedCall): Omit<NewTask, 'source'>[] {
  const who = call.patientName ?? (call.callerName || 'the caller');
  const ended = Date.parse(call.endedAt);
  const due = (hours: number) => call.followUpDue ?? new Date(ended + hours * 3_600_000).toISOString();
  if (call.reason === 'clinical_question' && CLINICAL_OPEN.includes(call.outcome)) {
    return [
      {
        kind: 'clinical_question',
        title: `Clinical question from ${who}`,
        patientId: call.patientId,
        assignee: { kind: 'pool', pool: 'clinicians' },
        dueAt: due(DEFAULT_CLINICAL_HOURS),
        priority: 'high',
      },
    ];
  }
  if (call.outcome === 'callback_needed') {
    const coordinator: Assignee = { kind: 'person', userId: call.coordinator.userId, name: call.coordinator.name };
    return [
      {
        kind: 'callback',
        title: `Call back ${who}`,
        patientId: call.patientId,
        assignee: coordinator,
        dueAt: due(DEFAULT_CALLBACK_HOURS),
        priority: 'normal',
      },
    ];
  }
  return [];
}

const PRIORITY_RANK: Record<TaskPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/**
 * Worklist order: overdue first, then by due time; at the same due time the more
 * urgent first. (Overdue tasks are exactly the earliest due, so "due time ascending"
 * puts them first; the store orders the same way with an index.)
 */
export function compareWorklist(
  a: { dueAt: string; priority: TaskPriority },
  b: { dueAt: string; priority: TaskPriority },
): number {
  return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
}

export function isOverdue(task: { dueAt: string; status: string }, now: Date): boolean {
  return task.status === 'open' && Date.parse(task.dueAt) < now.getTime();
}

/** Whose own worklist holds the task: the person it names, or anyone in its pool. */
export function isOnWorklistOf(assignee: Assignee, user: { userId: string; pools: readonly string[] }): boolean {
  return assignee.kind === 'person' ? assignee.userId === user.userId : user.pools.includes(assignee.pool);
}
