import type { Appointment } from '../../src-shared/schedule/schemas';
import type { Tx } from '../store/store';

/** Who acts, as the worklist records it. */
export interface TaskAuthor {
  userId: string;
  name: string;
}

/**
 * What scheduling puts on the coordinators' worklist. Scheduling does not own tasks:
 * the composition root passes an implementation over the tasks feature's
 * `createTask` (see worklist-tasks.ts); tests pass a recorder.
 */
export interface VisitTasks {
  /** A device and connection check before a telehealth visit, due the day before. */
  preVisitCheck(tx: Tx, appointment: Appointment, author: TaskAuthor): void;
  /** The hub refused a booking made here: call the patient to rebook. */
  rebook(tx: Tx, appointment: Appointment, reason: string, author: TaskAuthor): void;
}

/** When a pre-visit check is due: a day before the visit, or now if that has passed. */
export function preVisitDue(startsAt: string, now: number): string {
  return new Date(Math.max(now, Date.parse(startsAt) - 24 * 60 * 60_000)).toISOString();
}
