import { z } from 'zod';
import { ROLES, type Role } from '../roles';

/** What a task asks for. A feature that needs a new kind adds it here (and a label). */
export const TASK_KINDS = ['callback', 'clinical_question', 'rebook', 'pre_visit_check', 'other'] as const;
export const TASK_POOLS = ['coordinators', 'nurses', 'clinicians', 'billing'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskPool = (typeof TASK_POOLS)[number];
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const KIND_LABELS: Record<TaskKind, string> = {
  callback: 'Callback',
  clinical_question: 'Clinical question',
  rebook: 'Rebook',
  pre_visit_check: 'Pre-visit check',
  other: 'Other',
};
export const POOL_LABELS: Record<TaskPool, string> = {
  coordinators: 'Coordinators',
  nurses: 'Nurses',
  clinicians: 'Clinicians',
  billing: 'Billing',
};
export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** The pools whose tasks are on a person's own worklist, by their role. */
export const POOLS_OF_ROLE: Record<Role, readonly TaskPool[]> = {
  coordinator: ['coordinators'],
  supervisor: ['coordinators'],
  clinician: ['clinicians', 'nurses'],
  admin: [],
};

export const assigneeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('person'), userId: z.string().min(1).max(128), name: z.string().min(1).max(120) }),
  z.strictObject({ kind: z.literal('pool'), pool: z.enum(TASK_POOLS) }),
]);
export type Assignee = z.infer<typeof assigneeSchema>;

export const taskIdSchema = z.uuid({ error: 'Not a task id' });
const isoInstant = z.iso.datetime({ offset: true, error: 'Not a date and time' });

/** Where a task came from, so it can link back: the call, the appointment, the sync review item. */
export const taskSourceSchema = z.strictObject({
  kind: z.enum(['call', 'appointment', 'referral', 'sync']),
  id: z.string().min(1).max(128),
});

/** The one shape every feature creates tasks with (see src-main/tasks/table.ts `createTask`). */
export const newTaskSchema = z.strictObject({
  kind: z.enum(TASK_KINDS),
  title: z.string().trim().min(1, 'Say what needs doing').max(200, 'A title is at most 200 characters'),
  patientId: z.uuid().nullable().default(null),
  assignee: assigneeSchema,
  dueAt: isoInstant,
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  source: taskSourceSchema.nullable().default(null),
});
export type NewTask = z.output<typeof newTaskSchema>;
export type NewTaskInput = z.input<typeof newTaskSchema>;

export const TASK_EVENT_ACTIONS = ['created', 'done', 'snoozed', 'reassigned', 'reopened', 'cancelled'] as const;
export const taskEventSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  action: z.enum(TASK_EVENT_ACTIONS),
  /** What changed, as a person reads it: "due 3:00 PM -> tomorrow 9:00 AM". */
  detail: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  at: z.string(),
});
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const taskSchema = z.object({
  id: z.string(),
  kind: z.enum(TASK_KINDS),
  title: z.string(),
  patientId: z.string().nullable(),
  patientName: z.string().nullable(),
  assignee: assigneeSchema,
  dueAt: z.string(),
  priority: z.enum(TASK_PRIORITIES),
  status: z.enum(TASK_STATUSES),
  source: taskSourceSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof taskSchema>;
export const taskDetailSchema = taskSchema.extend({ history: z.array(taskEventSchema) });
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const worklistQuerySchema = z.strictObject({
  scope: z.enum(['mine', 'team']),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});
export const worklistSchema = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  offset: z.number().int(),
  rows: z.array(taskSchema),
});
export type Worklist = z.infer<typeof worklistSchema>;

/** Who a task may go to: the people who can sign in on this workstation, and the pools. */
export const assigneeChoicesSchema = z.object({
  people: z.array(z.object({ userId: z.string(), name: z.string(), role: z.enum(ROLES) })),
  pools: z.array(z.enum(TASK_POOLS)),
});
export type AssigneeChoices = z.infer<typeof assigneeChoicesSchema>;

export const snoozeSchema = z.strictObject({ id: taskIdSchema, until: isoInstant });
export const reassignSchema = z.strictObject({ id: taskIdSchema, assignee: assigneeSchema });
