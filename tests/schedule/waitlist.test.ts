/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest asymmetric matchers (expect.any) are typed any */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { addDays, todayIn, toIso, zonedInstant } from '../../src-shared/schedule/clinic-time';
import { DEMO_TIME_ZONE, type DemoClinic } from '../../src-main/schedule/demo-seed';
import { waitlistEntries } from '../../src-main/schedule/table';
import { auditEvents } from '../../src-main/audit/table';
import { outbox } from '../../src-main/store/schema';
import type { ChannelName } from '../../src-shared/ipc/contract';
import type { BookingRequestInput } from '../../src-shared/schedule/schemas';
import { fromWindow, type TestCareDesk } from '../support/store';
import { demoClinicOnNextWeekday, routerValue } from './fixtures';

let app: TestCareDesk;
let clinic: DemoClinic;
let day: string;
const at = (hhmm: string) =>
  toIso(zonedInstant(day, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), DEMO_TIME_ZONE));
const call = (channel: ChannelName, input: unknown) => app.router(channel, input, fromWindow);
const value = routerValue(() => app);
const entryState = (id: string) =>
  app.store.db.select().from(waitlistEntries).where(eq(waitlistEntries.id, id)).get()?.state;
const outboxSize = () => app.store.db.select().from(outbox).all().length;

beforeEach(() => {
  ({ app, clinic, day } = demoClinicOnNextWeekday({ providers: 4, perProviderPerDay: 0 }));
});
afterEach(() => app.dispose());

const slot = (over: Partial<BookingRequestInput> = {}): BookingRequestInput => ({
  patientId: clinic.patientIds[0]!,
  providerId: clinic.providerIds[0]!,
  typeId: clinic.types.followUp.id,
  locationId: clinic.locationIds[0]!,
  startsAt: at('09:00'),
  ...over,
});

/** Amara (patient 0) holds 9:00; Jonas (patient 5) waits for an earlier follow-up; Amara cancels. */
async function freedSlotOffered() {
  const held = await value('schedule.book', slot());
  const entry = await value('schedule.waitlistAdd', {
    patientId: clinic.patientIds[5]!,
    typeId: clinic.types.followUp.id,
    providerIds: [clinic.providerIds[0]!],
    earliestDate: todayIn(DEMO_TIME_ZONE),
    latestDate: addDays(day, 10),
    notes: 'Any morning',
  });
  const { waitlistOffers } = await value('schedule.cancel', {
    appointmentId: held.id,
    reason: 'Patient is travelling',
  });
  expect(waitlistOffers.map((o) => o.id)).toEqual([entry.id]);
  return { held, entry };
}

describe('booking the freed slot for the patient it is offered to', () => {
  it('books the waitlisted patient into the slot and fulfils the entry in the same transaction', async () => {
    const { entry } = await freedSlotOffered();
    expect(entryState(entry.id)).toBe('offered');
    const before = outboxSize();

    const booked = await value('schedule.bookFromWaitlist', {
      ...slot({ patientId: clinic.patientIds[5]! }),
      waitlistEntryId: entry.id,
    });
    expect(booked).toMatchObject({ patientId: clinic.patientIds[5], startsAt: at('09:00'), hubState: 'tentative' });
    expect(entryState(entry.id)).toBe('booked');
    // The booking command, the entry's new state and the audit entry, all queued for the hub.
    const queued = app.store.db.select().from(outbox).all().slice(before);
    expect(queued.map((c) => c.tableName).sort()).toEqual(['appointments', 'audit_events', 'waitlist_entries']);
    expect(JSON.parse(queued.find((c) => c.tableName === 'waitlist_entries')!.fields)).toEqual({ state: 'booked' });
    const audit = app.store.db.select().from(auditEvents).all().at(-1)!;
    expect(audit).toMatchObject({ action: 'create', channel: 'schedule.bookFromWaitlist' });
    expect(JSON.parse(audit.patientIds)).toEqual([clinic.patientIds[5]]);

    // Fulfilled: the next freed slot is not offered to them again, and the entry cannot book twice.
    const later = await value('schedule.book', slot({ startsAt: at('10:00') }));
    const { waitlistOffers } = await value('schedule.cancel', { appointmentId: later.id, reason: 'Feeling better' });
    expect(waitlistOffers).toEqual([]);
    expect(
      await call('schedule.bookFromWaitlist', {
        ...slot({ patientId: clinic.patientIds[5]!, startsAt: at('10:00') }),
        waitlistEntryId: entry.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'This waitlist entry is already booked' } });
  });

  it('runs the usual conflict checks: a slot taken meanwhile is refused and the entry stays offered', async () => {
    const { entry } = await freedSlotOffered();
    // Another coordinator books the freed time first.
    await value('schedule.book', slot({ patientId: clinic.patientIds[2]! }));
    const before = outboxSize();
    const refused = await call('schedule.bookFromWaitlist', {
      ...slot({ patientId: clinic.patientIds[5]! }),
      waitlistEntryId: entry.id,
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', fields: { 'conflicts.0.provider-booked': expect.stringMatching(/already booked/) } },
    });
    expect(entryState(entry.id)).toBe('offered');
    expect(outboxSize()).toBe(before);
  });

  it('refuses a booking for someone other than the waitlisted patient, writing nothing', async () => {
    const { entry } = await freedSlotOffered();
    const before = outboxSize();
    expect(
      await call('schedule.bookFromWaitlist', {
        ...slot({ patientId: clinic.patientIds[3]! }),
        waitlistEntryId: entry.id,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { patientId: 'Book the patient on the waitlist entry' } },
    });
    expect(await call('schedule.bookFromWaitlist', { ...slot(), waitlistEntryId: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(entryState(entry.id)).toBe('offered');
    expect(outboxSize()).toBe(before);
  });

  it('offers an entry again when the slot it was offered went to someone else', async () => {
    const { entry } = await freedSlotOffered();
    // Not taken up: the slot is booked for another patient, and a later slot frees.
    await value('schedule.book', slot({ patientId: clinic.patientIds[2]! }));
    const later = await value('schedule.book', slot({ startsAt: at('11:00') }));
    const { waitlistOffers } = await value('schedule.cancel', { appointmentId: later.id, reason: 'Moved away' });
    expect(waitlistOffers.map((o) => [o.id, o.state])).toEqual([[entry.id, 'offered']]);
  });
});

describe('the waitlist screen: listing and removing entries', () => {
  const wants = (patient: number, notes = '') =>
    value('schedule.waitlistAdd', {
      patientId: clinic.patientIds[patient]!,
      typeId: clinic.types.followUp.id,
      providerIds: [],
      earliestDate: todayIn(DEMO_TIME_ZONE),
      latestDate: addDays(day, 14),
      notes,
    });

  it('lists the open entries in the order they joined, with the patient and who added them', async () => {
    const first = await wants(5, 'Mornings');
    const second = await wants(2);
    const list = await value('schedule.waitlist', {});
    expect(list.map((e) => [e.id, e.state])).toEqual([
      [first.id, 'waiting'],
      [second.id, 'waiting'],
    ]);
    expect(list[0]).toMatchObject({
      patientId: clinic.patientIds[5],
      notes: 'Mornings',
      createdBy: expect.any(String),
    });
    expect(list[0]!.patientName).toMatch(/, /);
    // Viewing the list is audited for every patient on it.
    const audit = app.store.db.select().from(auditEvents).all().at(-1)!;
    expect(audit).toMatchObject({ action: 'view', channel: 'schedule.waitlist' });
    expect(JSON.parse(audit.patientIds)).toEqual([clinic.patientIds[5], clinic.patientIds[2]]);
  });

  it('removes an entry with its reason: off the list, never offered again, audited and queued to sync', async () => {
    const { entry, held } = await freedSlotOffered().then(async ({ entry }) => ({
      entry,
      held: await value('schedule.book', slot({ startsAt: at('10:00') })),
    }));
    const before = outboxSize();
    const removed = await value('schedule.waitlistRemove', { entryId: entry.id, reason: 'Booked elsewhere' });
    expect(removed).toMatchObject({ id: entry.id, state: 'removed', removedReason: 'Booked elsewhere' });
    expect(entryState(entry.id)).toBe('removed');
    expect(await value('schedule.waitlist', {})).toEqual([]);

    const queued = app.store.db.select().from(outbox).all().slice(before);
    const change = queued.find((c) => c.tableName === 'waitlist_entries')!;
    expect(change).toMatchObject({ rowId: entry.id, op: 'update' });
    expect(JSON.parse(change.fields)).toEqual({ state: 'removed', removedReason: 'Booked elsewhere' });
    const audit = app.store.db
      .select()
      .from(auditEvents)
      .all()
      .find((a) => a.channel === 'schedule.waitlistRemove')!;
    expect(audit).toMatchObject({ action: 'update' });
    expect(JSON.parse(audit.patientIds)).toEqual([clinic.patientIds[5]]);

    // A matching cancellation no longer offers it.
    const { waitlistOffers } = await value('schedule.cancel', { appointmentId: held.id, reason: 'Feeling better' });
    expect(waitlistOffers).toEqual([]);
  });

  it('refuses a removal without a reason or of an entry already closed, writing nothing', async () => {
    const entry = await wants(5);
    const before = outboxSize();
    expect(await call('schedule.waitlistRemove', { entryId: entry.id, reason: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { reason: expect.stringMatching(/reason is required/) } },
    });
    expect(
      await call('schedule.waitlistRemove', { entryId: 'no-such-entry', reason: 'Booked elsewhere' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(outboxSize()).toBe(before);
    await value('schedule.waitlistRemove', { entryId: entry.id, reason: 'Moved away' });
    expect(await call('schedule.waitlistRemove', { entryId: entry.id, reason: 'Again' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'This waitlist entry is already removed' },
    });
  });
});
