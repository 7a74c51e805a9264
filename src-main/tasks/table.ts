import { eq, getTableColumns, sql } from 'drizzle-orm';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DomainError } from '../../src-shared/errors';
import type { Assignee, NewTask, Task, TaskEvent } from '../../src-shared/tasks/schemas';
import { timeOrderedUuid } from '../store/ids';
import type { Store, Tx } from '../store/store';
import { registerPatientReference } from '../patients/references';

/**
 * The worklist. A mutable record (synced per field): status, due time and assignee
 * change as people work it. Who changed what is kept in `task_events`.
 */
export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    patientId: text('patient_id'),
    /** A person (user id + name) or a pool; exactly one of the two is set. */
    assigneeUserId: text('assignee_user_id'),
    assigneeName: text('assignee_name'),
    assigneePool: text('assignee_pool'),
    /** UTC ISO instant, so text order is time order. */
    dueAt: text('due_at').notNull(),
    priority: text('priority').notNull(),
    status: text('status').notNull(),
    sourceKind: text('source_kind'),
    sourceId: text('source_id'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('tasks_status_due').on(t.status, t.dueAt),
    index('tasks_assignee_due').on(t.assigneeUserId, t.status, t.dueAt),
    index('tasks_pool_due').on(t.assigneePool, t.status, t.dueAt),
    index('tasks_patient').on(t.patientId),
    index('tasks_source').on(t.sourceKind, t.sourceId),
  ],
);

/** A task's history: append-only, one row per thing that happened to it. */
export const taskEvents = sqliteTable(
  'task_events',
  {
    id: text('id').primaryKey(),
    taskId: text('task_id')
      .notNull()
      .references(() => tasks.id),
    action: text('action').notNull(),
    detail: text('detail').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('task_events_task').on(t.taskId, t.at)],
);

export type TaskRow = typeof tasks.$inferSelect;

/** Whoever acts on a task: a signed-in person, or a feature acting for one (sync's rebook). */
export interface TaskActor {
  userId: string;
  name: string;
}

export function assigneeColumns(a: Assignee) {
  return a.kind === 'person'
    ? { assigneeUserId: a.userId, assigneeName: a.name, assigneePool: null }
    : { assigneeUserId: null, assigneeName: null, assigneePool: a.pool };
}

export function toTask(row: TaskRow, patientName: string | null): Task {
  return {
    id: row.id,
    kind: row.kind as Task['kind'],
    title: row.title,
    patientId: row.patientId,
    patientName,
    assignee:
      row.assigneeUserId !== null
        ? { kind: 'person', userId: row.assigneeUserId, name: row.assigneeName ?? row.assigneeUserId }
        : { kind: 'pool', pool: row.assigneePool as Extract<Assignee, { kind: 'pool' }>['pool'] },
    dueAt: row.dueAt,
    priority: row.priority as Task['priority'],
    status: row.status as Task['status'],
    source: row.sourceKind && row.sourceId ? { kind: row.sourceKind as 'call', id: row.sourceId } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function appendTaskEvent(
  store: Store,
  tx: Tx,
  taskId: string,
  action: TaskEvent['action'],
  detail: string,
  actor: TaskActor,
): void {
  const event: TaskEvent = {
    id: timeOrderedUuid(),
    taskId,
    action,
    detail,
    actorId: actor.userId,
    actorName: actor.name,
    at: new Date().toISOString(),
  };
  statement(store, 'tasks.event', taskEvents).run(event);
  store.recordChange(tx, { tableName: 'task_events', rowId: event.id, op: 'append', fields: { ...event } }, actor);
}

/**
 * The one way any feature puts a task on a worklist (calls, scheduling's rebook and
 * pre-visit checks, sync's refused bookings): runs inside the caller's transaction,
 * so the task exists exactly when the thing that caused it does.
 */
export function createTask(store: Store, tx: Tx, input: NewTask, actor: TaskActor): TaskRow {
  const now = new Date().toISOString();
  const row: TaskRow = {
    id: timeOrderedUuid(),
    kind: input.kind,
    title: input.title,
    patientId: input.patientId,
    ...assigneeColumns(input.assignee),
    dueAt: new Date(input.dueAt).toISOString(),
    priority: input.priority,
    status: 'open',
    sourceKind: input.source?.kind ?? null,
    sourceId: input.source?.id ?? null,
    createdAt: now,
    updatedAt: now,
  };
  statement(store, 'tasks.insert', tasks).run(row);
  store.recordChange(tx, { tableName: 'tasks', rowId: row.id, op: 'insert', fields: { ...row } }, actor);
  appendTaskEvent(store, tx, row.id, 'created', describeAssignee(input.assignee), actor);
  return row;
}

/** Changes some fields of a task and records why, in one transaction with its outbox entry. */
export function updateTask(
  store: Store,
  tx: Tx,
  id: string,
  fields: Partial<Pick<TaskRow, 'status' | 'dueAt' | 'assigneeUserId' | 'assigneeName' | 'assigneePool'>>,
  event: { action: TaskEvent['action']; detail: string },
  actor: TaskActor,
): TaskRow {
  const before = tx.select().from(tasks).where(eq(tasks.id, id)).get();
  if (!before) throw new DomainError('NOT_FOUND', 'No task with that id');
  const changed = { ...fields, updatedAt: new Date().toISOString() };
  tx.update(tasks).set(changed).where(eq(tasks.id, id)).run();
  store.recordChange(tx, { tableName: 'tasks', rowId: id, op: 'update', fields: changed }, actor);
  appendTaskEvent(store, tx, id, event.action, event.detail, actor);
  return { ...before, ...changed };
}

export function describeAssignee(a: Assignee): string {
  return a.kind === 'person' ? `Assigned to ${a.name}` : `Assigned to the ${a.pool} pool`;
}

/** Inserts prepared once per store: other features create tasks in bulk (a sync page, a schedule import). */
function statement(store: Store, key: 'tasks.insert' | 'tasks.event', table: typeof tasks | typeof taskEvents) {
  const values = Object.fromEntries(Object.keys(getTableColumns(table)).map((c) => [c, sql.placeholder(c)]));
  return store.prepared(key, (s) =>
    // Placeholders for every column: the values are checked by TaskRow / TaskEvent where they are built.
    s.db
      .insert(table as typeof tasks)
      .values(values as unknown as TaskRow)
      .prepare(),
  );
}

// A task about a patient follows the person when two records are merged (decision 0320).
registerPatientReference({ mode: 'repoint', table: 'tasks', column: 'patient_id', field: 'patientId' });
