import { afterEach, describe, expect, it } from 'vitest';
import { createTask } from '../../src-main/tasks/table';
import type { AssigneeChoices, Task, TaskDetail, Worklist } from '../../src-shared/tasks/schemas';
import { addUser, freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { aCall, addPatient, count, logCall } from '../calls/support';

let app: TestCareDesk;
afterEach(() => app?.dispose());

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}
const worklist = (scope: 'mine' | 'team') => ok<Worklist>(app.router('tasks.worklist', { scope }, fromWindow));

describe('the worklist', () => {
  it('lists my open tasks overdue first, then by due time, and counts the overdue', async () => {
    app = freshCareDesk();
    const me = { kind: 'person' as const, userId: app.session.current()!.userId, name: 'Test coordinator' };
    for (const [title, dueAt, priority] of [
      ['tomorrow', hoursFromNow(24), 'normal'],
      ['overdue', hoursFromNow(-3), 'normal'],
      ['soon-low', hoursFromNow(1), 'low'],
      ['soon-urgent', hoursFromNow(1), 'urgent'],
    ] as const) {
      await ok(app.router('tasks.create', { kind: 'other', title, assignee: me, dueAt, priority }, fromWindow));
    }
    // Someone else's task and a nurses' task are on the team's list, not mine.
    const someoneElse = addUser(app, 'coordinator', 'test.other');
    await ok(
      app.router(
        'tasks.create',
        {
          kind: 'other',
          title: 'theirs',
          assignee: { kind: 'person', userId: someoneElse.id, name: someoneElse.displayName },
          dueAt: hoursFromNow(-5),
        },
        fromWindow,
      ),
    );
    await ok(
      app.router(
        'tasks.create',
        { kind: 'other', title: 'nurses', assignee: { kind: 'pool', pool: 'nurses' }, dueAt: hoursFromNow(2) },
        fromWindow,
      ),
    );

    const mine = await worklist('mine');
    expect(mine.rows.map((t) => t.title)).toEqual(['overdue', 'soon-urgent', 'soon-low', 'tomorrow']);
    expect(mine).toMatchObject({ total: 4, overdue: 1 });
    const team = await worklist('team');
    expect(team.rows.map((t) => t.title)).toEqual([
      'theirs',
      'overdue',
      'soon-urgent',
      'soon-low',
      'nurses',
      'tomorrow',
    ]);
    expect(team.overdue).toBe(2);
  });

  it('done, snooze and reassign change the task and leave a history with who and when', async () => {
    app = freshCareDesk();
    const anaId = await addPatient(app, {
      firstName: 'Ana',
      lastName: 'Diaz',
      dateOfBirth: '03/14/1984',
      phone: '6175550147',
    });
    const { tasks } = await logCall(
      app,
      aCall({ patientId: anaId, callerKind: 'patient', outcome: 'callback_needed', reason: 'billing' }),
    );
    const id = tasks[0]!.id;

    const later = hoursFromNow(5);
    const snoozed = await ok<Task>(app.router('tasks.snooze', { id, until: later }, fromWindow));
    expect(snoozed.dueAt).toBe(later);
    const moved = await ok<Task>(
      app.router('tasks.reassign', { id, assignee: { kind: 'pool', pool: 'billing' } }, fromWindow),
    );
    expect(moved.assignee).toEqual({ kind: 'pool', pool: 'billing' });
    expect((await worklist('mine')).total).toBe(0);
    const done = await ok<Task>(app.router('tasks.complete', { id }, fromWindow));
    expect(done.status).toBe('done');
    expect((await worklist('team')).total).toBe(0);

    const detail = await ok<TaskDetail>(app.router('tasks.get', { id }, fromWindow));
    expect(detail.patientName).toBe('Diaz, Ana');
    expect(detail.history.map((e) => [e.action, e.actorName])).toEqual([
      ['created', 'Test coordinator'],
      ['snoozed', 'Test coordinator'],
      ['reassigned', 'Test coordinator'],
      ['done', 'Test coordinator'],
    ]);
    expect(detail.history[2]!.detail).toBe('Assigned to the billing pool');
    const updates = app.store.sqlite
      .prepare("SELECT fields FROM outbox WHERE table_name = 'tasks' AND op = 'update'")
      .all() as { fields: string }[];
    expect(updates.map((u) => Object.keys(JSON.parse(u.fields) as object).sort())).toEqual([
      ['dueAt', 'updatedAt'],
      ['assigneeName', 'assigneePool', 'assigneeUserId', 'updatedAt'],
      ['status', 'updatedAt'],
    ]);
  });

  it('refuses what makes no sense, clearly, and changes nothing', async () => {
    app = freshCareDesk();
    const task = await ok<Task>(
      app.router(
        'tasks.create',
        {
          kind: 'callback',
          title: 'Call back',
          assignee: { kind: 'pool', pool: 'coordinators' },
          dueAt: hoursFromNow(1),
        },
        fromWindow,
      ),
    );
    const outbox = count(app, 'outbox');
    expect(await app.router('tasks.snooze', { id: task.id, until: hoursFromNow(-1) }, fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { until: 'Choose a time in the future' } },
    });
    expect(
      await app.router(
        'tasks.create',
        { kind: 'callback', title: ' ', assignee: { kind: 'pool', pool: 'janitors' }, dueAt: 'soon' },
        fromWindow,
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: {
          title: 'Say what needs doing',
          'assignee.pool': expect.any(String) as unknown,
          dueAt: 'Not a date and time',
        },
      },
    });
    expect(await app.router('tasks.complete', { id: crypto.randomUUID() }, fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(count(app, 'outbox')).toBe(outbox);
    await ok(app.router('tasks.complete', { id: task.id }, fromWindow));
    expect(await app.router('tasks.complete', { id: task.id }, fromWindow)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This task is already done' },
    });
    expect(() => app.store.sqlite.prepare("UPDATE task_events SET detail = 'x'").run()).toThrow(/append-only/);
  });

  it('other features add tasks with createTask inside their own transaction', () => {
    app = freshCareDesk();
    const actor = { userId: 'sync', name: 'Sync' };
    expect(() =>
      app.store.write((tx) => {
        createTask(
          app.store,
          tx,
          {
            kind: 'rebook',
            title: 'Rebook: the hub refused the slot',
            patientId: null,
            assignee: { kind: 'pool', pool: 'coordinators' },
            dueAt: hoursFromNow(1),
            priority: 'high',
            source: { kind: 'sync', id: 'r1' },
          },
          actor,
        );
        throw new Error('the booking failed after all');
      }),
    ).toThrow(/failed after all/);
    expect(count(app, 'tasks')).toBe(0);
    app.store.write((tx) =>
      createTask(
        app.store,
        tx,
        {
          kind: 'rebook',
          title: 'Rebook',
          patientId: null,
          assignee: { kind: 'pool', pool: 'coordinators' },
          dueAt: hoursFromNow(1),
          priority: 'high',
          source: { kind: 'sync', id: 'r1' },
        },
        actor,
      ),
    );
    expect(count(app, 'tasks')).toBe(1);
  });

  it('a clinician sees the clinicians’ pool on their own worklist', async () => {
    app = freshCareDesk();
    await ok(
      app.router(
        'tasks.create',
        {
          kind: 'clinical_question',
          title: 'Q',
          assignee: { kind: 'pool', pool: 'clinicians' },
          dueAt: hoursFromNow(1),
        },
        fromWindow,
      ),
    );
    expect((await worklist('mine')).total).toBe(0);
    app.session.openFor(addUser(app, 'clinician').username);
    expect((await worklist('mine')).total).toBe(1);
  });

  it('reassigns to a colleague by account: the name shown is the account’s, and nobody unknown', async () => {
    app = freshCareDesk();
    const rosa = addUser(app, 'supervisor', 'rosa.m');
    const choices = await ok<AssigneeChoices>(app.router('tasks.assignees', {}, fromWindow));
    expect(choices.people).toEqual([
      { userId: app.session.current()!.userId, name: 'Test coordinator', role: 'coordinator' },
      { userId: rosa.id, name: 'Test supervisor', role: 'supervisor' },
    ]);
    expect(choices.pools).toEqual(['coordinators', 'nurses', 'clinicians', 'billing']);
    const task = await ok<Task>(
      app.router(
        'tasks.create',
        {
          kind: 'other',
          title: 'Fax the records',
          assignee: { kind: 'pool', pool: 'coordinators' },
          dueAt: hoursFromNow(2),
        },
        fromWindow,
      ),
    );

    // The renderer's name is not trusted: the worklist shows the account's.
    const moved = await ok<Task>(
      app.router(
        'tasks.reassign',
        { id: task.id, assignee: { kind: 'person', userId: rosa.id, name: 'Somebody else' } },
        fromWindow,
      ),
    );
    expect(moved.assignee).toEqual({ kind: 'person', userId: rosa.id, name: 'Test supervisor' });
    expect((await worklist('mine')).total).toBe(0);
    app.session.openFor('rosa.m');
    expect((await worklist('mine')).rows.map((t) => t.title)).toEqual(['Fax the records']);

    const outbox = count(app, 'outbox');
    const stranger = { kind: 'person', userId: 'not-a-user', name: 'Stranger' };
    for (const attempt of [
      app.router('tasks.reassign', { id: task.id, assignee: stranger }, fromWindow),
      app.router('tasks.create', { kind: 'other', title: 'x', assignee: stranger, dueAt: hoursFromNow(1) }, fromWindow),
    ])
      expect(await attempt).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fields: { 'assignee.userId': 'Choose someone from the list' } },
      });
    expect(count(app, 'outbox')).toBe(outbox);
    expect((await ok<TaskDetail>(app.router('tasks.get', { id: task.id }, fromWindow))).assignee.kind).toBe('person');
  });

  it('a task made by hand for a patient names them; an unknown patient is refused', async () => {
    app = freshCareDesk();
    const anaId = await addPatient(app, {
      firstName: 'Ana',
      lastName: 'Diaz',
      dateOfBirth: '03/14/1984',
      phone: '6175550147',
    });
    const made = await ok<Task>(
      app.router(
        'tasks.create',
        {
          kind: 'other',
          title: 'Mail the forms',
          patientId: anaId,
          assignee: { kind: 'pool', pool: 'billing' },
          dueAt: hoursFromNow(3),
        },
        fromWindow,
      ),
    );
    expect(made.patientName).toBe('Diaz, Ana');
    expect(
      await app.router(
        'tasks.create',
        {
          kind: 'other',
          title: 'x',
          patientId: crypto.randomUUID(),
          assignee: { kind: 'pool', pool: 'billing' },
          dueAt: hoursFromNow(3),
        },
        fromWindow,
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', fields: { patientId: 'No such patient' } } });
    expect(count(app, 'tasks')).toBe(1);
  });
});
