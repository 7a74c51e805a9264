import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { toIso, zonedInstant } from '../../src-shared/schedule/clinic-time';
import { DEMO_TIME_ZONE, type DemoClinic } from '../../src-main/schedule/demo-seed';
import { applyHubVerdict, REFUSED_BY_HUB } from '../../src-main/schedule/appointments';
import { worklistVisitTasks } from '../../src-main/schedule/worklist-tasks';
import { outbox } from '../../src-main/store/schema';
import { featureAppliers } from '../../src-main/sync/feature-appliers';
import { tasks } from '../../src-main/tasks/table';
import type { Appointment } from '../../src-shared/schedule/schemas';
import { fromWindow, type TestCareDesk } from '../support/store';
import { demoClinicOnNextWeekday } from './fixtures';

let app: TestCareDesk;
let clinic: DemoClinic;
let day: string;
const at = (hhmm: string) =>
  toIso(zonedInstant(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), DEMO_TIME_ZONE));

beforeEach(() => {
  ({ app, clinic, day } = demoClinicOnNextWeekday({ providers: 2, perProviderPerDay: 0 }));
});
afterEach(() => app.dispose());

async function book(patient = 0, startsAt = at('09:00')): Promise<Appointment> {
  const result = await app.router(
    'schedule.book',
    {
      patientId: clinic.patientIds[patient]!,
      providerId: clinic.providerIds[0]!,
      typeId: clinic.types.followUp.id,
      locationId: clinic.locationIds[0]!,
      startsAt,
    },
    fromWindow,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value as Appointment;
}
const onGrid = async () => {
  const r = await app.router('schedule.day', { date: day }, fromWindow);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { appointments: Appointment[] }).appointments;
};
const outboxSize = () => app.store.db.select().from(outbox).all().length;

describe("the hub's verdict on a booking made here", () => {
  it('a confirmation clears "tentative" without sending anything back to the hub', async () => {
    const booked = await book();
    expect((await onGrid()).find((a) => a.id === booked.id)?.hubState).toBe('tentative');
    const before = outboxSize();
    app.store.write((tx) => applyHubVerdict(tx, booked.id, 'confirmed'));
    expect(outboxSize()).toBe(before);
    expect((await onGrid()).find((a) => a.id === booked.id)).toMatchObject({ hubState: 'confirmed', status: 'booked' });
  });

  it('a rejection cancels the booking, frees the slot and puts a rebook task on the worklist', async () => {
    const booked = await book();
    const rebook = worklistVisitTasks(app.store);
    app.store.write((tx) => {
      const refused = applyHubVerdict(tx, booked.id, 'rejected')!;
      expect(refused).toMatchObject({ status: 'cancelled', hubState: 'rejected', cancelReason: REFUSED_BY_HUB });
      rebook.rebook(tx, refused, 'the slot was taken on another workstation', { userId: 'u1', name: 'Ana' });
    });
    // Off the grid, and the provider's 9:00 is free again for another patient.
    expect((await onGrid()).map((a) => a.id)).not.toContain(booked.id);
    expect((await book(1)).startsAt).toBe(at('09:00'));
    const worklist = app.store.db.select().from(tasks).where(eq(tasks.kind, 'rebook')).all();
    expect(worklist).toEqual([
      expect.objectContaining({
        patientId: booked.patientId,
        title: 'Call to rebook: the slot was taken on another workstation',
        sourceKind: 'appointment',
        sourceId: booked.id,
        status: 'open',
      }),
    ]);
  });

  it('an unknown appointment is no verdict at all', () => {
    expect(app.store.write((tx) => applyHubVerdict(tx, 'not-here', 'rejected'))).toBeNull();
  });

  it("a refused booking pulled from the hub (still 'booked' there) lands cancelled and holds no time", async () => {
    const booked = await book();
    const applier = featureAppliers().get('appointments')!;
    app.store.write((tx) =>
      applier.upsert({ tx, sqlite: app.store.sqlite }, booked.id, {
        ...booked,
        resourceIds: [],
        status: 'booked',
        hubState: 'rejected',
      }),
    );
    expect((await onGrid()).map((a) => a.id)).not.toContain(booked.id);
    expect((await book(1)).startsAt).toBe(at('09:00'));

    // A confirmed row from the hub applies as it is.
    const other = await book(0, at('10:00'));
    app.store.write((tx) =>
      applier.upsert({ tx, sqlite: app.store.sqlite }, other.id, { ...other, resourceIds: [], hubState: 'confirmed' }),
    );
    expect((await onGrid()).find((a) => a.id === other.id)).toMatchObject({ status: 'booked', hubState: 'confirmed' });
  });
});
