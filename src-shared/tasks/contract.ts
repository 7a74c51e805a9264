import { z } from 'zod';
import { defineChannel } from '../ipc/channel';
import { patientIdSchema } from '../patients/schemas';
import { CARE_TEAM } from '../roles';
import {
  assigneeChoicesSchema,
  newTaskSchema,
  reassignSchema,
  snoozeSchema,
  taskDetailSchema,
  taskIdSchema,
  taskSchema,
  worklistQuerySchema,
  worklistSchema,
} from './schemas';

const patientOf = (task: { patientId: string | null }) => (task.patientId ? [task.patientId] : []);

export const taskChannels = {
  'tasks.create': defineChannel({
    name: 'tasks.create',
    input: newTaskSchema,
    output: taskSchema,
    phi: 'write',
    audit: 'create',
    roles: CARE_TEAM,
    auditPatients: (_input, task) => patientOf(task),
  }),
  'tasks.worklist': defineChannel({
    name: 'tasks.worklist',
    input: worklistQuerySchema,
    output: worklistSchema,
    phi: 'read',
    audit: 'search',
    roles: CARE_TEAM,
    auditPatients: (_input, list) => [...new Set(list.rows.flatMap(patientOf))],
  }),
  /** One patient's open tasks, soonest due first: the chart's panel. */
  'tasks.openFor': defineChannel({
    name: 'tasks.openFor',
    input: z.strictObject({ patientId: patientIdSchema, limit: z.number().int().min(1).max(50).default(10) }),
    output: z.array(taskSchema),
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (input) => [input.patientId],
  }),
  // Names and roles of colleagues, no patient: not PHI.
  'tasks.assignees': defineChannel({
    name: 'tasks.assignees',
    input: z.strictObject({}),
    output: assigneeChoicesSchema,
    phi: 'none',
    roles: CARE_TEAM,
  }),
  'tasks.get': defineChannel({
    name: 'tasks.get',
    input: z.strictObject({ id: taskIdSchema }),
    output: taskDetailSchema,
    phi: 'read',
    audit: 'view',
    roles: CARE_TEAM,
    auditPatients: (_input, task) => patientOf(task),
  }),
  'tasks.complete': defineChannel({
    name: 'tasks.complete',
    input: z.strictObject({ id: taskIdSchema }),
    output: taskSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, task) => patientOf(task),
  }),
  'tasks.snooze': defineChannel({
    name: 'tasks.snooze',
    input: snoozeSchema,
    output: taskSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, task) => patientOf(task),
  }),
  'tasks.reassign': defineChannel({
    name: 'tasks.reassign',
    input: reassignSchema,
    output: taskSchema,
    phi: 'write',
    audit: 'update',
    roles: CARE_TEAM,
    auditPatients: (_input, task) => patientOf(task),
  }),
};
