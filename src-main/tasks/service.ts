import { and, asc, count, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { format } from 'date-fns';
import { DomainError } from '../../src-shared/errors';
import type { Role } from '../../src-shared/roles';
import {
  POOLS_OF_ROLE,
  TASK_POOLS,
  type Assignee,
  type AssigneeChoices,
  type NewTask,
  type Task,
  type TaskDetail,
  type Worklist,
} from '../../src-shared/tasks/schemas';
import { patients } from '../patients/table';
import { userAccounts } from '../session/table';
import type { Store } from '../store/store';
import {
  createTask,
  describeAssignee,
  assigneeColumns,
  taskEvents,
  tasks,
  toTask,
  updateTask,
  type TaskActor,
} from './table';

const patientName = sql<
  string | null
>`CASE WHEN ${patients.id} IS NULL THEN NULL ELSE ${patients.lastName} || ', ' || ${patients.firstName} END`;
const priorityRank = sql`CASE ${tasks.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;

export interface WorklistUser extends TaskActor {
  role: Role;
}

const when = (iso: string) => format(new Date(iso), 'MMM d, h:mm a');

export class TaskService {
  constructor(private readonly store: Store) {}

  create(input: NewTask, actor: TaskActor): Task {
    const assignee = this.knownAssignee(input.assignee);
    if (
      input.patientId &&
      !this.store.db.select({ id: patients.id }).from(patients).where(eq(patients.id, input.patientId)).get()
    )
      throw new DomainError('NOT_FOUND', 'That patient does not exist', { patientId: 'No such patient' });
    return this.store.write((tx) => this.withPatient(createTask(this.store, tx, { ...input, assignee }, actor)));
  }

  /** Everyone who can sign in here (a task for a person they can open), and the pools. */
  assignees(): AssigneeChoices {
    const people = this.store.db
      .select({ userId: userAccounts.id, name: userAccounts.displayName, role: userAccounts.role })
      .from(userAccounts)
      .where(isNull(userAccounts.disabledAt))
      .all()
      .sort((a, b) => a.name.localeCompare(b.name));
    return { people, pools: [...TASK_POOLS] };
  }

  /**
   * Open tasks, overdue first then by due time (the most urgent first at the same
   * time). `mine` is what names the user or one of their role's pools; `team` is everything.
   */
  worklist(scope: 'mine' | 'team', user: WorklistUser, offset: number, limit: number, now = new Date()): Worklist {
    const pools = POOLS_OF_ROLE[user.role];
    const mine: SQL | undefined =
      scope === 'team'
        ? undefined
        : or(eq(tasks.assigneeUserId, user.userId), pools.length ? inArray(tasks.assigneePool, [...pools]) : undefined);
    const where = and(eq(tasks.status, 'open'), mine);
    const { db } = this.store;
    const totals = db
      .select({ total: count(), overdue: sql<number>`coalesce(sum(${tasks.dueAt} < ${now.toISOString()}), 0)` })
      .from(tasks)
      .where(where)
      .get()!;
    const rows = db
      .select({ task: tasks, patientName })
      .from(tasks)
      .leftJoin(patients, eq(patients.id, tasks.patientId))
      .where(where)
      .orderBy(asc(tasks.dueAt), priorityRank, asc(tasks.id))
      .limit(limit)
      .offset(offset)
      .all();
    return {
      total: totals.total,
      overdue: totals.overdue,
      offset,
      rows: rows.map((r) => toTask(r.task, r.patientName)),
    };
  }

  /** One patient's open tasks, soonest due first (the chart's panel; `tasks_patient` index). */
  openFor(patientId: string, limit: number): Task[] {
    return this.store.db
      .select({ task: tasks, patientName })
      .from(tasks)
      .leftJoin(patients, eq(patients.id, tasks.patientId))
      .where(and(eq(tasks.patientId, patientId), eq(tasks.status, 'open')))
      .orderBy(asc(tasks.dueAt), priorityRank, asc(tasks.id))
      .limit(limit)
      .all()
      .map((r) => toTask(r.task, r.patientName));
  }

  get(id: string): TaskDetail {
    const found = this.store.db
      .select({ task: tasks, patientName })
      .from(tasks)
      .leftJoin(patients, eq(patients.id, tasks.patientId))
      .where(eq(tasks.id, id))
      .get();
    if (!found) throw new DomainError('NOT_FOUND', 'No task with that id');
    const history = this.store.db
      .select()
      .from(taskEvents)
      .where(eq(taskEvents.taskId, id))
      .orderBy(asc(taskEvents.at))
      .all() as TaskDetail['history'];
    return { ...toTask(found.task, found.patientName), history };
  }

  complete(id: string, actor: TaskActor): Task {
    return this.store.write((tx) => {
      this.requireOpen(id);
      return this.withPatient(
        updateTask(this.store, tx, id, { status: 'done' }, { action: 'done', detail: 'Marked done' }, actor),
      );
    });
  }

  snooze(id: string, until: string, actor: TaskActor, now = new Date()): Task {
    const untilIso = new Date(until).toISOString();
    if (untilIso <= now.toISOString())
      throw new DomainError('VALIDATION', 'Snooze to a time in the future', { until: 'Choose a time in the future' });
    return this.store.write((tx) => {
      const before = this.requireOpen(id);
      return this.withPatient(
        updateTask(
          this.store,
          tx,
          id,
          { dueAt: untilIso },
          { action: 'snoozed', detail: `Due ${when(before.dueAt)} → ${when(untilIso)}` },
          actor,
        ),
      );
    });
  }

  reassign(id: string, to: Assignee, actor: TaskActor): Task {
    const assignee = this.knownAssignee(to);
    return this.store.write((tx) => {
      this.requireOpen(id);
      return this.withPatient(
        updateTask(
          this.store,
          tx,
          id,
          assigneeColumns(assignee),
          { action: 'reassigned', detail: describeAssignee(assignee) },
          actor,
        ),
      );
    });
  }

  /**
   * A person must be someone who can sign in here, and their name is the account's,
   * not whatever the caller sent: the name is what the team's worklist shows.
   */
  private knownAssignee(assignee: Assignee): Assignee {
    if (assignee.kind === 'pool') return assignee;
    const person = this.store.db
      .select({ userId: userAccounts.id, name: userAccounts.displayName })
      .from(userAccounts)
      .where(and(eq(userAccounts.id, assignee.userId), isNull(userAccounts.disabledAt)))
      .get();
    if (!person)
      throw new DomainError('VALIDATION', 'Nobody with that account can sign in here', {
        'assignee.userId': 'Choose someone from the list',
      });
    return { kind: 'person', ...person };
  }

  private requireOpen(id: string) {
    const task = this.store.db.select().from(tasks).where(eq(tasks.id, id)).get();
    if (!task) throw new DomainError('NOT_FOUND', 'No task with that id');
    if (task.status !== 'open') throw new DomainError('CONFLICT', `This task is already ${task.status}`);
    return task;
  }

  private withPatient(row: typeof tasks.$inferSelect): Task {
    const patient = row.patientId
      ? this.store.db.select().from(patients).where(eq(patients.id, row.patientId)).get()
      : undefined;
    return toTask(row, patient ? `${patient.lastName}, ${patient.firstName}` : null);
  }
}
