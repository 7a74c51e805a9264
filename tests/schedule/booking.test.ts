/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest asymmetric matchers (expect.any) are typed any */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { addDays, displayTime, todayIn, toIso, zonedInstant } from '../../src-shared/schedule/clinic-time';
import { seedDemoClinic, DEMO_TIME_ZONE, type DemoClinic } from '../../src-main/schedule/demo-seed';
import { outbox } from '../../src-main/store/schema';
import { tasks } from '../../src-main/tasks/table';
import { DATABASE_FILE } from '../../src-main/services';
import type { ChannelOutput } from '../../src-shared/ipc/channel';
import type { ChannelName, Contract } from '../../src-shared/ipc/contract';
import type { BookingRequestInput } from '../../src-shared/schedule/schemas';
import { addUser, freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { demoClinicOnNextWeekday, routerValue } from './fixtures';

let app: TestCareDesk;
let clinic: DemoClinic;
const ZONE = DEMO_TIME_ZONE;
// A weekday a week or more ahead, so every demo provider works 8-12 and 13-17 and nothing is in the past.
let day: string;
const at = (hhmm: string, date = day) =>
  toIso(zonedInstant(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), ZONE));
const call = (channel: ChannelName, input: unknown) => app.router(channel, input, fromWindow);
const value = routerValue(() => app);
const changes = () => app.store.db.select().from(outbox).where(eq(outbox.tableName, 'appointments')).all();

beforeEach(() => {
  ({ app, clinic, day } = demoClinicOnNextWeekday({ providers: 4, perProviderPerDay: 2 }));
});
afterEach(() => app.dispose());

function booking(over: Partial<BookingRequestInput> = {}): BookingRequestInput {
  return {
    patientId: clinic.patientIds[0]!,
    providerId: clinic.providerIds[0]!,
    typeId: clinic.types.followUp.id,
    locationId: clinic.locationIds[0]!,
    startsAt: at('09:00'),
    reason: 'Blood pressure recheck',
    ...over,
  };
}

describe('booking on a real encrypted store', () => {
  it('books a tentative appointment and captures a `book` command with the whole appointment', async () => {
    const appointment = await value('schedule.book', booking());
    expect(appointment).toMatchObject({ status: 'booked', hubState: 'tentative', endsAt: at('09:20') });
    const [change] = changes().filter((c) => c.rowId === appointment.id);
    expect(change).toMatchObject({ op: 'insert' });
    expect(JSON.parse(change!.fields)).toMatchObject({
      command: 'book',
      providerId: clinic.providerIds[0],
      patientId: clinic.patientIds[0],
      startsAt: at('09:00'),
      endsAt: at('09:20'),
      status: 'booked',
    });
    const grid = await value('schedule.day', { date: day });
    expect(grid).toMatchObject({
      appointments: expect.arrayContaining([expect.objectContaining({ id: appointment.id })]),
    });
    // The reason (PHI) is nowhere in plaintext on disk.
    for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
      const path = join(app.dataDir, file);
      if (existsSync(path)) expect(readFileSync(path).includes('Blood pressure recheck')).toBe(false);
    }
  });

  it('refuses an occupied slot with the reason, and writes nothing', async () => {
    expect((await call('schedule.book', booking())).ok).toBe(true);
    const before = changes().length;
    const again = await call('schedule.book', booking({ patientId: clinic.patientIds[1], startsAt: at('09:10') }));
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!again.ok && again.error.message).toMatch(/^Cannot book: Dr\. .+ is already booked 9:00 AM–9:20 AM$/);
    expect(!again.ok && Object.keys(again.error.fields ?? {})).toEqual(['conflicts.0.provider-booked']);
    expect(changes()).toHaveLength(before);
  });

  it('previews conflicts before booking', async () => {
    const preview = await value('schedule.check', booking({ startsAt: at('12:10') }));
    expect(preview.map((c) => c.code)).toEqual(['outside-availability']);
  });

  it('lets only a supervisor override a soft conflict, and keeps the reason', async () => {
    const lunch = booking({ startsAt: at('12:10'), override: { reason: 'Only time the patient can come' } });
    const refused = await call('schedule.book', lunch);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/may not override/) },
    });
    const noReason = await call('schedule.book', { ...lunch, override: { reason: '' } });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    app.session.openFor(addUser(app, 'supervisor').username);
    const allowed = await call('schedule.book', lunch);
    expect(allowed).toMatchObject({ ok: true, value: { overrideReason: 'Only time the patient can come' } });
  });

  it('rejects bad input clearly and changes nothing', async () => {
    const before = changes().length;
    const result = await call('schedule.book', booking({ startsAt: 'tomorrow at nine', providerId: '' }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { startsAt: expect.any(String), providerId: expect.any(String) } },
    });
    expect(await call('schedule.book', booking({ providerId: 'nobody' }))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(changes()).toHaveLength(before);
  });

  it('reschedules as a `reschedule` command and asks the patient to confirm again', async () => {
    const { id } = await value('schedule.book', booking());
    await call('schedule.setStatus', { appointmentId: id, status: 'confirmed' });
    const moved = await call('schedule.reschedule', {
      appointmentId: id,
      providerId: clinic.providerIds[1],
      startsAt: at('10:30'),
    });
    expect(moved).toMatchObject({
      ok: true,
      value: {
        providerId: clinic.providerIds[1],
        startsAt: at('10:30'),
        endsAt: at('10:50'),
        status: 'booked',
        hubState: 'tentative',
      },
    });
    const last = changes().at(-1)!;
    expect(JSON.parse(last.fields)).toMatchObject({
      command: 'reschedule',
      providerId: clinic.providerIds[1],
      startsAt: at('10:30'),
      endsAt: at('10:50'),
    });
    await call(
      'schedule.book',
      booking({ patientId: clinic.patientIds[1], providerId: clinic.providerIds[2], startsAt: at('11:00') }),
    );
    const onto = await call('schedule.reschedule', {
      appointmentId: id,
      providerId: clinic.providerIds[2],
      startsAt: at('11:10'),
    });
    expect(onto).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('cancels only with a reason, frees the slot and offers it to the waitlist', async () => {
    const { id } = await value('schedule.book', booking());
    const waiting = await call('schedule.waitlistAdd', {
      patientId: clinic.patientIds[5],
      typeId: clinic.types.followUp.id,
      providerIds: [clinic.providerIds[0]],
      earliestDate: todayIn(ZONE),
      latestDate: addDays(day, 10),
      notes: 'Wants mornings',
    });
    expect(waiting.ok).toBe(true);
    expect(await call('schedule.cancel', { appointmentId: id, reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fields: { reason: expect.stringMatching(/reason is required/) } },
    });

    const cancelled = await call('schedule.cancel', { appointmentId: id, reason: 'Patient is travelling' });
    expect(cancelled).toMatchObject({
      ok: true,
      value: {
        appointment: { status: 'cancelled', cancelReason: 'Patient is travelling' },
        waitlistOffers: [{ patientId: clinic.patientIds[5], state: 'offered', notes: 'Wants mornings' }],
      },
    });
    expect(JSON.parse(changes().at(-1)!.fields)).toMatchObject({ command: 'cancel', status: 'cancelled' });
    // The slot is free again, for anyone.
    expect((await call('schedule.book', booking({ patientId: clinic.patientIds[5] }))).ok).toBe(true);
  });

  it('moves through the day: arrived, completed; refuses what makes no sense', async () => {
    const { id } = await value('schedule.book', booking());
    expect(await call('schedule.setStatus', { appointmentId: id, status: 'completed' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'A booked appointment cannot be marked completed' },
    });
    expect(await call('schedule.setStatus', { appointmentId: id, status: 'arrived' })).toMatchObject({
      ok: true,
      value: { status: 'arrived' },
    });
    expect(await call('schedule.setStatus', { appointmentId: id, status: 'completed' })).toMatchObject({
      ok: true,
      value: { status: 'completed' },
    });
    expect(await call('schedule.cancel', { appointmentId: id, reason: 'Too late' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const edited = await call('schedule.edit', {
      appointmentId: id,
      reason: 'Recheck',
      notes: 'Bring readings',
      interpreterNeeded: true,
      language: 'Portuguese',
      transportNeeded: true,
    });
    expect(edited).toMatchObject({
      ok: true,
      value: { interpreterNeeded: true, language: 'Portuguese', transportNeeded: true },
    });
  });

  it('builds the telehealth link from the location template (ids only) and puts a pre-visit check on the worklist', async () => {
    const appointment = await value('schedule.book', booking({ typeId: clinic.types.telehealth.id }));
    expect(appointment.telehealthUrl).toBe(`https://visit.caredesk.example/${clinic.locationIds[0]}/${appointment.id}`);
    const task = app.store.db.select().from(tasks).where(eq(tasks.sourceId, appointment.id)).get();
    expect(task).toMatchObject({
      kind: 'pre_visit_check',
      patientId: clinic.patientIds[0],
      status: 'open',
      assigneePool: 'coordinators',
    });
    expect(task!.dueAt).toBe(new Date(Date.parse(appointment.startsAt) - 86_400_000).toISOString());
  });

  it('books a weekly series together, or lists the dates that conflict and books none', async () => {
    const first = booking({ startsAt: at('10:00') });
    const series = await value('schedule.bookSeries', { first: { ...first }, everyWeeks: 1, count: 6 });
    expect(series.booked).toHaveLength(6);
    const starts = series.booked.map((a) => displayTime(Date.parse(a.startsAt), ZONE));
    expect(new Set(starts)).toEqual(new Set(['10:00 AM']));
    const clash = await value('schedule.bookSeries', {
      first: { ...first, patientId: clinic.patientIds[2]!, startsAt: at('10:00', addDays(day, 14)) },
      everyWeeks: 1,
      count: 6,
    });
    expect(clash.booked).toEqual([]);
    expect(clash.conflicts).toHaveLength(4);
  });

  it('proposes follow-up slots with the same provider in N weeks', async () => {
    const { id } = await value('schedule.book', booking());
    const slots = await value('schedule.followUp', { appointmentId: id, weeks: 4, limit: 3 });
    expect(slots).toHaveLength(3);
    for (const s of slots) {
      expect(s.providerId).toBe(clinic.providerIds[0]);
      expect(s.startsAt >= at('00:00', addDays(day, 28))).toBe(true);
    }
  });

  it('finds the next telehealth slot across providers and books it from the list', async () => {
    const found = await value('schedule.findNext', {
      typeId: clinic.types.telehealth.id,
      fromDate: day,
      toDate: addDays(day, 30),
      telehealthOnly: true,
      limit: 5,
    });
    expect(found).toHaveLength(5);
    const slot = found[0]!;
    expect(slot.startsAt).toBe(at('08:00'));
    const made = await call(
      'schedule.book',
      booking({
        typeId: clinic.types.telehealth.id,
        providerId: slot.providerId,
        locationId: slot.locationId,
        startsAt: slot.startsAt,
      }),
    );
    expect(made.ok).toBe(true);
    const again = await value('schedule.findNext', {
      typeId: clinic.types.telehealth.id,
      providerIds: [slot.providerId],
      fromDate: day,
      toDate: day,
      limit: 1,
    });
    // 8:00-8:20 is taken; slots sit on a 15-minute grid, so the next is 8:30.
    expect(again[0]!.startsAt).toBe(at('08:30'));
  });

  it('books two visits with two providers back to back on one day', async () => {
    const result = await value('schedule.coordinated', {
      patientId: clinic.patientIds[3]!,
      date: day,
      locationId: clinic.locationIds[0]!,
      legs: [
        { typeId: clinic.types.followUp.id, providerIds: [clinic.providerIds[0]!] },
        { typeId: clinic.types.newPatient.id, providerIds: [clinic.providerIds[1]!] },
      ],
      maxGapMinutes: 0,
      book: true,
    });
    expect(result.booked).toHaveLength(2);
    const [a, b] = result.booked;
    expect(b!.startsAt).toBe(a!.endsAt);
  });

  it("lists tomorrow's unconfirmed visits with phone and language, and confirming removes them", async () => {
    const tomorrow = addDays(todayIn(ZONE), 1);
    const withClinic = freshCareDesk();
    try {
      seedDemoClinic(withClinic.store, {
        providers: 3,
        perProviderPerDay: 2,
        days: 3,
        createPatient: (p) => withClinic.patients.create(p, { userId: 'test' }).id,
      });
      withClinic.schedule.setupChanged();
      const list = await withClinic.router('schedule.reminders', { date: tomorrow }, fromWindow);
      const rows = list.ok ? (list.value as ChannelOutput<Contract['schedule.reminders']>) : [];
      expect(rows.length).toBe(3); // one unconfirmed visit per provider
      expect(rows[0]).toMatchObject({
        status: 'booked',
        patientPhone: expect.stringMatching(/^\+1617555/),
        language: expect.any(String),
        providerName: expect.stringMatching(/^Dr\. /),
      });
      await withClinic.router('schedule.setStatus', { appointmentId: rows[0]!.id, status: 'confirmed' }, fromWindow);
      const after = await withClinic.router('schedule.reminders', { date: tomorrow }, fromWindow);
      expect(after).toMatchObject({ ok: true, value: { length: 2 } });
    } finally {
      withClinic.dispose();
    }
  });
});
