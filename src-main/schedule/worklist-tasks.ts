import { createTask } from '../tasks/table';
import type { Store } from '../store/store';
import { preVisitDue, type VisitTasks } from './visit-tasks';

/** Scheduling's tasks on the tasks feature's worklist, in the booking's own transaction. */
export function worklistVisitTasks(store: Store, now: () => number = Date.now): VisitTasks {
  return {
    preVisitCheck(tx, appointment, author) {
      createTask(
        store,
        tx,
        {
          kind: 'pre_visit_check',
          title: 'Telehealth pre-visit check: device, camera, connection',
          patientId: appointment.patientId,
          assignee: { kind: 'pool', pool: 'coordinators' },
          dueAt: preVisitDue(appointment.startsAt, now()),
          priority: 'normal',
          source: { kind: 'appointment', id: appointment.id },
        },
        author,
      );
    },
    rebook(tx, appointment, reason, author) {
      createTask(
        store,
        tx,
        {
          kind: 'rebook',
          title: `Call to rebook: ${reason}`.slice(0, 200),
          patientId: appointment.patientId,
          assignee: { kind: 'pool', pool: 'coordinators' },
          dueAt: new Date(now()).toISOString(),
          priority: 'high',
          source: { kind: 'appointment', id: appointment.id },
        },
        author,
      );
    },
  };
}
