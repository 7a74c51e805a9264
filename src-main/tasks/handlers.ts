import type { SessionUser } from '../../src-shared/session/contract';
import type { taskChannels } from '../../src-shared/tasks/contract';
import type { HandlersFor } from '../ipc/handler';
import type { TaskService } from './service';
import type { TaskActor } from './table';

export const taskActor = (user: SessionUser): TaskActor => ({ userId: user.userId, name: user.displayName });

export function taskHandlers(service: TaskService): HandlersFor<typeof taskChannels> {
  return {
    'tasks.create': (input, { actor }) => service.create(input, taskActor(actor)),
    'tasks.worklist': (input, { actor }) =>
      service.worklist(input.scope, { ...taskActor(actor), role: actor.role }, input.offset, input.limit),
    'tasks.assignees': () => service.assignees(),
    'tasks.get': (input) => service.get(input.id),
    'tasks.openFor': (input) => service.openFor(input.patientId, input.limit),
    'tasks.complete': (input, { actor }) => service.complete(input.id, taskActor(actor)),
    'tasks.snooze': (input, { actor }) => service.snooze(input.id, input.until, taskActor(actor)),
    'tasks.reassign': (input, { actor }) => service.reassign(input.id, input.assignee, taskActor(actor)),
  };
}
