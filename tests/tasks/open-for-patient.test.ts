import { afterEach, expect, it } from 'vitest';
import type { Task } from '../../src-shared/tasks/schemas';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { addAnaAndBo } from '../calls/support';

let app: TestCareDesk;
afterEach(() => app?.dispose());

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

it("lists one patient's open tasks for the chart, soonest due first, and records the view", async () => {
  app = freshCareDesk();
  const me = { kind: 'person' as const, userId: app.session.current()!.userId, name: 'Test coordinator' };
  const { ana, bo } = await addAnaAndBo(app);
  const create = async (title: string, patientId: string, hours: number) => {
    const r = await app.router(
      'tasks.create',
      { kind: 'callback', title, patientId, assignee: me, dueAt: hoursFromNow(hours) },
      fromWindow,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return (r.value as Task).id;
  };
  await create('later', ana, 48);
  await create('overdue', ana, -2);
  const done = await create('done already', ana, 1);
  await create('not hers', bo, 1);
  expect((await app.router('tasks.complete', { id: done }, fromWindow)).ok).toBe(true);

  const r = await app.router('tasks.openFor', { patientId: ana }, fromWindow);
  expect(r.ok).toBe(true);
  expect((r as { value: Task[] }).value.map((t) => t.title)).toEqual(['overdue', 'later']);
  const last = app.store.sqlite
    .prepare('SELECT action, channel, patient_ids FROM audit_events ORDER BY seq DESC LIMIT 1')
    .get();
  expect(last).toEqual({ action: 'view', channel: 'tasks.openFor', patient_ids: JSON.stringify([ana]) });
  expect(await app.router('tasks.openFor', { patientId: 'nope' }, fromWindow)).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION' },
  });
});
