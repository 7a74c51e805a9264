import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DomainError } from '../../src-shared/errors';
import type { SessionUser } from '../../src-shared/session/contract';
import { dayBounds, fromIso, localDate, MINUTE, toIso, addDays } from '../../src-shared/schedule/clinic-time';
import { checkBooking, overrideDecision, type Booked, type ConflictContext } from '../../src-shared/schedule/conflicts';
import { openWindows, type Window } from '../../src-shared/schedule/availability';
import { candidateProviders, findNextAvailable, type SlotSearchData } from '../../src-shared/schedule/find-next';
import { findCoordinated, followUpWindow, seriesStarts } from '../../src-shared/schedule/series';
import { telehealthLink } from '../../src-shared/schedule/telehealth';
import {
  ACTIVE_STATUSES,
  type Appointment,
  type AppointmentView,
  type BookingRequest,
  type ClinicSetup,
  type Conflict,
  type EditRequest,
  type FindNextQuery,
  type RescheduleRequest,
  type ScheduleException,
  type SeriesRequest,
  type Slot,
  type WaitlistBooking,
  type WaitlistEntry,
} from '../../src-shared/schedule/schemas';
import { patients } from '../patients/table';
import { timeOrderedUuid } from '../store/ids';
import type { Store, Tx } from '../store/store';
import { ClinicSetupAdmin } from './clinic-setup';
import { changeAppointment, insertAppointment, toAppointment } from './appointments';
import { readSetup } from './setup';
import { appointments, waitlistEntries } from './table';
import type { VisitTasks } from './visit-tasks';

/** How far back the grid looks for visits that overlap the start of a day. */
const LOOKBACK = 10 * 60 * MINUTE;

type Index = ReturnType<typeof indexSetup>;
/** An appointment row as `between` reads it: columns named as the fields, booleans as 0/1, with the patient's name. */
type AppointmentViewRow = Omit<Appointment, 'interpreterNeeded' | 'transportNeeded' | 'resourceIds'> & {
  interpreterNeeded: number;
  transportNeeded: number;
  resourceIds: string;
  first: string | null;
  last: string | null;
  phone: string | null;
  dob: string | null;
};
/** id, provider, patient, type, start, end, resource ids (JSON): an appointment as the rules read it. */
type BookedRow = [string, string, string, string, string, string, string];

function indexSetup(setup: ClinicSetup) {
  return {
    setup,
    locations: new Map(setup.locations.map((l) => [l.id, l])),
    providers: new Map(setup.providers.map((p) => [p.id, p])),
    types: new Map(setup.types.map((t) => [t.id, t])),
    providerNames: new Map(setup.providers.map((p) => [p.id, p.name])),
    resourceNames: new Map(setup.resources.map((r) => [r.id, r.name])),
    /**
     * Open windows per date and provider, kept until the set-up changes: find next available
     * over 100 providers and 90 days asks for 9,000 of them per search (decision 0511).
     */
    windows: new Map<string, Map<string, readonly Window[]>>(),
    templatesOf: Map.groupBy(setup.templates, (t) => t.providerId),
    /** Exceptions ahead, read once per set-up (they change only through the set-up screen). */
    exceptionsAhead: null as ScheduleException[] | null,
    /** How far back an appointment can start and still overlap a time: the longest visit plus buffer, plus an hour of slack. */
    lookback: (Math.max(60, ...setup.types.map((t) => t.durationMinutes + t.bufferMinutes)) + 60) * MINUTE,
  };
}

/** Allowed status moves; anything else is refused with the reason. */
const NEXT_STATUS: Record<string, readonly string[]> = {
  booked: ['confirmed', 'arrived', 'no-show'],
  confirmed: ['arrived', 'no-show'],
  arrived: ['completed'],
  'no-show': ['arrived'],
};

/**
 * Booking, moving and cancelling appointments on this workstation. Every check runs
 * inside the write transaction that makes the change, so what was checked is what
 * is written; the hub re-runs the same rules when the command arrives.
 */
export class ScheduleService {
  private cached: Index | null = null;
  /** Providers, visit types, hours and exceptions, as supervisors and admins change them. */
  readonly clinic: ClinicSetupAdmin;

  constructor(
    private readonly store: Store,
    private readonly tasks: VisitTasks | null,
    private readonly now: () => number = Date.now,
  ) {
    this.clinic = new ClinicSetupAdmin(
      store,
      () => this.setup(),
      () => this.setupChanged(),
    );
  }

  /** The set-up changes rarely; the sync engine calls this when it applies pulled set-up rows. */
  setupChanged(): void {
    this.cached = null;
  }

  setup(): ClinicSetup {
    return this.index().setup;
  }

  private index(): Index {
    return (this.cached ??= indexSetup(readSetup(this.store)));
  }

  // ---- reading ----

  day(date: string, providerIds?: readonly string[]) {
    const { start, end } = dayBounds(date, this.index().setup.timeZone);
    return this.between(start, end, providerIds);
  }

  range(from: string, to: string, providerId: string) {
    const zone = this.index().setup.timeZone;
    return this.between(dayBounds(from, zone).start, dayBounds(to, zone).end, [providerId]);
  }

  /**
   * Every visit the grid shows over `[start, end)`, with who the patient is. A day of 100
   * providers is 3,000 rows on the grid's first render: one statement prepared once, rows
   * mapped by hand (drizzle's nested join mapping was most of the 33 ms; decision 0531).
   */
  private between(start: number, end: number, providerIds?: readonly string[]) {
    const visits = this.store.prepared('schedule.between', ({ sqlite }) =>
      sqlite.prepare<[{ from: string; to: string; after: string; providers: string | null }], AppointmentViewRow>(
        `SELECT a.id, a.patient_id AS patientId, a.provider_id AS providerId, a.type_id AS typeId,
                a.location_id AS locationId, a.starts_at AS startsAt, a.ends_at AS endsAt, a.status,
                a.hub_state AS hubState, a.reason, a.notes, a.telehealth_url AS telehealthUrl,
                a.interpreter_needed AS interpreterNeeded, a.language, a.transport_needed AS transportNeeded,
                a.resource_ids AS resourceIds, a.series_id AS seriesId, a.cancel_reason AS cancelReason,
                a.override_reason AS overrideReason, a.created_at AS createdAt, a.updated_at AS updatedAt,
                p.first_name AS first, p.last_name AS last, p.phone, p.date_of_birth AS dob
         FROM appointments a LEFT JOIN patients p ON p.id = a.patient_id
         WHERE a.starts_at >= @from AND a.starts_at < @to AND a.ends_at > @after AND a.status <> 'cancelled'
           AND (@providers IS NULL OR a.provider_id IN (SELECT value FROM json_each(@providers)))
         ORDER BY a.starts_at`,
      ),
    );
    const rows = visits.all({
      from: toIso(start - LOOKBACK),
      to: toIso(end),
      after: toIso(start),
      providers: providerIds ? JSON.stringify(providerIds) : null,
    });
    const list: AppointmentView[] = rows.map(({ first, last, phone, dob, ...a }) => ({
      ...a,
      interpreterNeeded: a.interpreterNeeded === 1,
      transportNeeded: a.transportNeeded === 1,
      resourceIds: a.resourceIds === '[]' ? [] : (JSON.parse(a.resourceIds) as string[]),
      patientName: last ? `${last}, ${first}` : 'Patient not on this workstation',
      patientPhone: phone ?? '',
      patientDateOfBirth: dob ?? '',
    }));
    return { appointments: list, exceptions: this.exceptionsBetween(start, end) };
  }

  /** Exceptions touching the dates, for the set-up screen. */
  exceptions(fromDate: string, toDate: string): ScheduleException[] {
    const zone = this.index().setup.timeZone;
    return this.exceptionsBetween(dayBounds(fromDate, zone).start, dayBounds(toDate, zone).end).sort((a, b) =>
      a.startsAt.localeCompare(b.startsAt),
    );
  }

  /** Exceptions overlapping `[start, end)`: every booking's checks read them, so the statement is prepared once (0530). */
  private exceptionsBetween(start: number, end: number): ScheduleException[] {
    const overlapping = this.store.prepared('schedule.exceptionsBetween', ({ sqlite }) =>
      sqlite.prepare<[string, string], ScheduleException>(
        `SELECT id, provider_id AS providerId, location_id AS locationId, kind, starts_at AS startsAt,
                ends_at AS endsAt, reason
         FROM schedule_exceptions WHERE starts_at < ? AND ends_at > ?`,
      ),
    );
    return overlapping.all(toIso(end), toIso(start));
  }

  /** Active appointments overlapping `[start, end)`, as the rules see them. */
  private booked(
    start: number,
    end: number,
    who?: { providerId: string; patientId: string; resourceIds: readonly string[] },
  ): Booked[] {
    const { types, lookback } = this.index();
    const toBooked = ([id, providerId, patientId, typeId, startsAt, endsAt, resourceIds]: BookedRow): Booked => ({
      appointmentId: id,
      providerId,
      patientId,
      start: Date.parse(startsAt),
      end: Date.parse(endsAt),
      bufferMinutes: types.get(typeId)?.bufferMinutes ?? 0,
      resourceIds: resourceIds === '[]' ? [] : (JSON.parse(resourceIds) as string[]),
    });
    const columns = 'id, provider_id, patient_id, type_id, starts_at, ends_at, resource_ids';
    const near = `starts_at >= ? AND starts_at < ? AND ends_at > ? AND status IN (${ACTIVE_STATUSES.map((x) => `'${x}'`).join(', ')})`;
    const range = [toIso(start - lookback), toIso(end), toIso(start - 2 * 60 * MINUTE)];
    if (!who) {
      // Every provider's visits around a day (find next available reads one per day searched):
      // one statement prepared once per store, rows as arrays.
      const everyone = this.store.prepared('schedule.bookedBetween', ({ sqlite }) =>
        sqlite.prepare(`SELECT ${columns} FROM appointments WHERE ${near}`).raw(true),
      );
      return (everyone.all(...range) as BookedRow[]).map(toBooked);
    }
    // A booking's checks: the provider's and the patient's visits (each through its own index),
    // and, when the type needs a room or equipment, every visit that holds one.
    const withResources = who.resourceIds.length > 0;
    const theirs = this.store.prepared(`schedule.bookedFor.${withResources}`, ({ sqlite }) =>
      sqlite
        .prepare(
          [
            `SELECT ${columns} FROM appointments WHERE provider_id = ? AND ${near}`,
            `SELECT ${columns} FROM appointments WHERE patient_id = ? AND ${near}`,
            ...(withResources ? [`SELECT ${columns} FROM appointments WHERE resource_ids <> '[]' AND ${near}`] : []),
          ].join(' UNION '),
        )
        .raw(true),
    );
    const params = [who.providerId, ...range, who.patientId, ...range, ...(withResources ? range : [])];
    return (theirs.all(...params) as BookedRow[]).map(toBooked);
  }

  // ---- conflict checks ----

  /** The conflicts of putting `patientId` with `providerId` at `startsAt` (optionally moving `appointmentId`). */
  conflicts(req: {
    patientId: string;
    providerId: string;
    typeId: string;
    locationId: string;
    startsAt: string;
    appointmentId?: string;
  }): Conflict[] {
    const { candidate, context } = this.candidate(req);
    return checkBooking(candidate, context);
  }

  private candidate(req: {
    patientId: string;
    providerId: string;
    typeId: string;
    locationId: string;
    startsAt: string;
    appointmentId?: string;
  }) {
    const ix = this.index();
    const provider = ix.providers.get(req.providerId);
    const type = ix.types.get(req.typeId);
    const location = ix.locations.get(req.locationId);
    if (!provider) throw new DomainError('NOT_FOUND', 'No provider with that id', { providerId: 'Choose a provider' });
    if (!type)
      throw new DomainError('NOT_FOUND', 'No appointment type with that id', { typeId: 'Choose a visit type' });
    if (!location) throw new DomainError('NOT_FOUND', 'No location with that id', { locationId: 'Choose a location' });
    const start = fromIso(req.startsAt);
    const end = start + type.durationMinutes * MINUTE;
    const date = localDate(start, location.timeZone);
    const context: ConflictContext = {
      templates: ix.setup.templates,
      exceptions: this.exceptionsBetween(start, end),
      locations: ix.locations,
      providerNames: ix.providerNames,
      resourceNames: ix.resourceNames,
      booked: this.booked(start, end, {
        providerId: provider.id,
        patientId: req.patientId,
        resourceIds: type.requiredResourceIds,
      }),
      date,
    };
    return {
      candidate: { appointmentId: req.appointmentId, patientId: req.patientId, provider, type, location, start, end },
      context,
    };
  }

  private requireAllowed(conflicts: Conflict[], actor: SessionUser, overrideReason: string | undefined): void {
    const decision = overrideDecision(conflicts, actor.role, overrideReason);
    if (!decision.allowed) {
      throw new DomainError(
        'CONFLICT',
        decision.message,
        Object.fromEntries(conflicts.map((c, i) => [`conflicts.${i}.${c.code}`, c.reason])),
      );
    }
  }

  private requirePatient(patientId: string): void {
    const exists = this.store.prepared('schedule.patientExists', ({ sqlite }) =>
      sqlite.prepare<[string], 1>('SELECT 1 FROM patients WHERE id = ?').pluck(),
    );
    if (!exists.get(patientId))
      throw new DomainError('NOT_FOUND', 'No patient with that id', { patientId: 'Choose a patient' });
  }

  // ---- writing ----

  book(req: BookingRequest, actor: SessionUser, seriesId: string | null = null): Appointment {
    return this.store.write((tx) => this.bookIn(tx, req, actor, seriesId));
  }

  private bookIn(tx: Tx, req: BookingRequest, actor: SessionUser, seriesId: string | null): Appointment {
    this.requirePatient(req.patientId);
    const { candidate, context } = this.candidate(req);
    const conflicts = checkBooking(candidate, context);
    this.requireAllowed(conflicts, actor, req.override?.reason);
    // Time-ordered, so a new visit's id lands at the end of the primary-key index, not on a random page (0530).
    const id = timeOrderedUuid(this.now());
    const now = new Date(this.now()).toISOString();
    const { type, location, provider } = candidate;
    const appointment: Appointment = {
      id,
      patientId: req.patientId,
      providerId: provider.id,
      typeId: type.id,
      locationId: location.id,
      startsAt: toIso(candidate.start),
      endsAt: toIso(candidate.end),
      status: 'booked',
      hubState: 'tentative',
      reason: req.reason,
      notes: req.notes,
      telehealthUrl:
        type.modality === 'telehealth' && location.telehealthLinkTemplate
          ? telehealthLink(location.telehealthLinkTemplate, {
              appointment: id,
              location: location.id,
              provider: provider.id,
            })
          : null,
      interpreterNeeded: req.interpreterNeeded,
      language: req.language,
      transportNeeded: req.transportNeeded,
      resourceIds: [...type.requiredResourceIds],
      seriesId,
      cancelReason: null,
      overrideReason: conflicts.length ? (req.override?.reason ?? null) : null,
      createdAt: now,
      updatedAt: now,
    };
    insertAppointment(this.store, tx, appointment, actor);
    if (type.modality === 'telehealth')
      this.tasks?.preVisitCheck(tx, appointment, { userId: actor.userId, name: actor.displayName });
    return appointment;
  }

  private requireAppointment(id: string): Appointment {
    const row = this.store.db.select().from(appointments).where(eq(appointments.id, id)).get();
    if (!row) throw new DomainError('NOT_FOUND', 'No appointment with that id');
    return toAppointment(row);
  }

  reschedule(req: RescheduleRequest, actor: SessionUser): Appointment {
    return this.store.write((tx) => {
      const before = this.requireAppointment(req.appointmentId);
      if (!['booked', 'confirmed'].includes(before.status)) {
        throw new DomainError('CONFLICT', `A ${before.status} appointment cannot be moved`);
      }
      const { candidate, context } = this.candidate({
        ...before,
        providerId: req.providerId,
        locationId: req.locationId ?? before.locationId,
        startsAt: req.startsAt,
        appointmentId: before.id,
      });
      const conflicts = checkBooking(candidate, context);
      this.requireAllowed(conflicts, actor, req.override?.reason);
      const { location, provider } = candidate;
      return changeAppointment(
        this.store,
        tx,
        before.id,
        {
          providerId: provider.id,
          locationId: location.id,
          startsAt: toIso(candidate.start),
          endsAt: toIso(candidate.end),
          hubState: 'tentative',
          // Moving to a confirmed time needs the patient to confirm again.
          status: 'booked',
          overrideReason: conflicts.length ? (req.override?.reason ?? null) : null,
          ...(before.telehealthUrl && location.telehealthLinkTemplate
            ? {
                telehealthUrl: telehealthLink(location.telehealthLinkTemplate, {
                  appointment: before.id,
                  location: location.id,
                  provider: provider.id,
                }),
              }
            : {}),
        },
        'reschedule',
        actor,
      );
    });
  }

  cancel(appointmentId: string, reason: string, actor: SessionUser) {
    return this.store.write((tx) => {
      const before = this.requireAppointment(appointmentId);
      if (!['booked', 'confirmed'].includes(before.status)) {
        throw new DomainError('CONFLICT', `A ${before.status} appointment cannot be cancelled`);
      }
      const appointment = changeAppointment(
        this.store,
        tx,
        appointmentId,
        { status: 'cancelled', cancelReason: reason },
        'cancel',
        actor,
      );
      return { appointment, waitlistOffers: this.offerFreedSlot(tx, appointment, actor) };
    });
  }

  /**
   * Waitlist entries that want what was just freed are marked offered and returned for the
   * coordinator to call. An entry offered an earlier slot that someone else took is still
   * waiting for one, so it is offered again (decision 0520).
   */
  private offerFreedSlot(tx: Tx, freed: Appointment, actor: SessionUser) {
    const date = localDate(fromIso(freed.startsAt), this.index().setup.timeZone);
    const rows = tx
      .select({ w: waitlistEntries, first: patients.firstName, last: patients.lastName, phone: patients.phone })
      .from(waitlistEntries)
      .leftJoin(patients, eq(patients.id, waitlistEntries.patientId))
      .where(
        and(
          inArray(waitlistEntries.state, ['waiting', 'offered']),
          eq(waitlistEntries.typeId, freed.typeId),
          sql`${waitlistEntries.earliestDate} <= ${date}`,
          sql`${waitlistEntries.latestDate} >= ${date}`,
        ),
      )
      .orderBy(asc(waitlistEntries.createdAt))
      .all()
      .filter((r) => {
        const ids = JSON.parse(r.w.providerIds) as string[];
        return r.w.patientId !== freed.patientId && (ids.length === 0 || ids.includes(freed.providerId));
      });
    return rows.map((r) => {
      if (r.w.state !== 'offered') this.setWaitlistState(tx, r.w.id, 'offered', actor);
      return {
        ...toWaitlistEntry(r.w),
        state: 'offered' as const,
        patientName: r.last ? `${r.last}, ${r.first}` : 'Patient not on this workstation',
        patientPhone: r.phone ?? '',
      };
    });
  }

  private setWaitlistState(tx: Tx, entryId: string, state: WaitlistEntry['state'], actor: SessionUser): void {
    tx.update(waitlistEntries).set({ state }).where(eq(waitlistEntries.id, entryId)).run();
    this.store.recordChange(
      tx,
      { tableName: 'waitlist_entries', rowId: entryId, op: 'update', fields: { state } },
      actor,
    );
  }

  /**
   * Books a freed slot for a waitlisted patient with the same checks as any booking, and
   * marks their entry booked in the same transaction: a refused booking leaves the entry
   * as it was, and a made one is never offered again.
   */
  bookFromWaitlist(req: WaitlistBooking, actor: SessionUser): Appointment {
    const { waitlistEntryId, ...booking } = req;
    return this.store.write((tx) => {
      const entry = tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, waitlistEntryId)).get();
      if (!entry) throw new DomainError('NOT_FOUND', 'No waitlist entry with that id');
      if (entry.state !== 'waiting' && entry.state !== 'offered') {
        throw new DomainError('CONFLICT', `This waitlist entry is already ${entry.state}`);
      }
      if (entry.patientId !== booking.patientId) {
        throw new DomainError('VALIDATION', 'The booking is for another patient than the waitlist entry', {
          patientId: 'Book the patient on the waitlist entry',
        });
      }
      const appointment = this.bookIn(tx, booking, actor, null);
      this.setWaitlistState(tx, entry.id, 'booked', actor);
      return appointment;
    });
  }

  setStatus(
    appointmentId: string,
    status: 'confirmed' | 'arrived' | 'completed' | 'no-show',
    actor: SessionUser,
  ): Appointment {
    return this.store.write((tx) => {
      const before = this.requireAppointment(appointmentId);
      if (!NEXT_STATUS[before.status]?.includes(status)) {
        throw new DomainError('CONFLICT', `A ${before.status} appointment cannot be marked ${status}`);
      }
      return changeAppointment(this.store, tx, appointmentId, { status }, null, actor);
    });
  }

  edit(req: EditRequest, actor: SessionUser): Appointment {
    return this.store.write((tx) => {
      this.requireAppointment(req.appointmentId);
      const { appointmentId, ...fields } = req;
      return changeAppointment(this.store, tx, appointmentId, fields, null, actor);
    });
  }

  // ---- finding slots ----

  private searchData(): SlotSearchData {
    const ix = this.index();
    const exceptions = (ix.exceptionsAhead ??= this.exceptionsBetween(
      this.now() - 24 * 60 * MINUTE,
      this.now() + 800 * 24 * 60 * MINUTE,
    ));
    return {
      clinicTimeZone: ix.setup.timeZone,
      providers: ix.setup.providers,
      locations: ix.locations,
      templates: ix.setup.templates,
      exceptions,
      bookedBetween: (start, end) => this.booked(start, end),
      windowsOf: (providerId, date) => {
        let onDate = ix.windows.get(date);
        if (!onDate) {
          if (ix.windows.size > 1_000) ix.windows.clear();
          ix.windows.set(date, (onDate = new Map<string, readonly Window[]>()));
        }
        let windows = onDate.get(providerId);
        if (!windows) {
          windows = openWindows(ix.templatesOf.get(providerId) ?? [], exceptions, ix.locations, providerId, date);
          onDate.set(providerId, windows);
        }
        return windows;
      },
    };
  }

  findNext(query: FindNextQuery): Slot[] {
    const type = this.index().types.get(query.typeId);
    if (!type)
      throw new DomainError('NOT_FOUND', 'No appointment type with that id', { typeId: 'Choose a visit type' });
    return findNextAvailable(query, type, this.searchData(), this.now());
  }

  followUp(appointmentId: string, weeks: number, limit: number): Slot[] {
    const a = this.requireAppointment(appointmentId);
    const window = followUpWindow(a.startsAt, weeks, this.index().setup.timeZone);
    return this.findNext({
      typeId: a.typeId,
      providerIds: [a.providerId],
      locationIds: [a.locationId],
      daysOfWeek: [],
      telehealthOnly: false,
      limit,
      ...window,
    });
  }

  /** Every date of the series booked together, or none, with the dates that conflict and why. */
  bookSeries(req: SeriesRequest, actor: SessionUser) {
    return this.store.write((tx) => {
      const location = this.index().locations.get(req.first.locationId);
      if (!location) throw new DomainError('NOT_FOUND', 'No location with that id');
      const starts = seriesStarts(req.first.startsAt, req.everyWeeks, req.count, location.timeZone);
      const conflicts = starts
        .map((startsAt) => ({ startsAt, reasons: this.conflicts({ ...req.first, startsAt }).map((c) => c.reason) }))
        .filter((c) => c.reasons.length > 0);
      if (conflicts.length) return { booked: [], conflicts };
      const seriesId = randomUUID();
      const booked = starts.map((startsAt) => this.bookIn(tx, { ...req.first, startsAt }, actor, seriesId));
      return { booked, conflicts: [] };
    });
  }

  /** Visits back to back on one day; booked in one transaction when asked. */
  coordinated(
    req: {
      patientId: string;
      date: string;
      locationId: string;
      legs: { typeId: string; providerIds: string[] }[];
      maxGapMinutes: number;
      book: boolean;
    },
    actor: SessionUser,
  ) {
    return this.store.write((tx) => {
      const ix = this.index();
      const legs = req.legs.map((leg) => {
        const type = ix.types.get(leg.typeId);
        if (!type) throw new DomainError('NOT_FOUND', 'No appointment type with that id');
        return {
          type,
          providers: candidateProviders(ix.setup.providers, type, {
            providerIds: leg.providerIds,
            locationIds: [req.locationId],
          }),
        };
      });
      const { start, end } = dayBounds(req.date, ix.setup.timeZone);
      const booked = this.booked(start, end);
      // The patient's own visits that day block their time too.
      const patientBusy = booked.filter((b) => b.patientId === req.patientId);
      const slots = findCoordinated(
        legs,
        req.date,
        req.locationId,
        req.maxGapMinutes,
        this.searchData(),
        booked,
        this.now(),
      );
      const chain =
        slots?.filter((s) => !patientBusy.some((b) => b.start < fromIso(s.endsAt) && fromIso(s.startsAt) < b.end)) ??
        [];
      if (!slots || chain.length !== slots.length) return { slots: [], booked: [] };
      if (!req.book) return { slots, booked: [] };
      const made = slots.map((s, i) =>
        this.bookIn(
          tx,
          {
            ...defaults,
            patientId: req.patientId,
            providerId: s.providerId,
            typeId: req.legs[i]!.typeId,
            locationId: s.locationId,
            startsAt: s.startsAt,
          },
          actor,
          null,
        ),
      );
      return { slots, booked: made };
    });
  }

  // ---- waitlist and reminders ----

  waitlistAdd(
    input: {
      patientId: string;
      typeId: string;
      providerIds: string[];
      earliestDate: string;
      latestDate: string;
      notes: string;
    },
    actor: SessionUser,
  ): WaitlistEntry {
    return this.store.write((tx) => {
      this.requirePatient(input.patientId);
      if (!this.index().types.has(input.typeId)) throw new DomainError('NOT_FOUND', 'No appointment type with that id');
      const row = {
        id: timeOrderedUuid(this.now()),
        ...input,
        providerIds: JSON.stringify(input.providerIds),
        state: 'waiting' as const,
        createdAt: new Date(this.now()).toISOString(),
        createdBy: actor.username,
        removedReason: null,
      };
      tx.insert(waitlistEntries).values(row).run();
      this.store.recordChange(
        tx,
        { tableName: 'waitlist_entries', rowId: row.id, op: 'insert', fields: { ...row } },
        actor,
      );
      return toWaitlistEntry(row);
    });
  }

  /** Open entries (waiting, or offered a slot nobody booked), in the order they joined. */
  waitlist() {
    return this.store.db
      .select({ w: waitlistEntries, first: patients.firstName, last: patients.lastName })
      .from(waitlistEntries)
      .leftJoin(patients, eq(patients.id, waitlistEntries.patientId))
      .where(inArray(waitlistEntries.state, ['waiting', 'offered']))
      .orderBy(asc(waitlistEntries.createdAt), asc(waitlistEntries.id))
      .all()
      .map((r) => ({
        ...toWaitlistEntry(r.w),
        patientName: r.last ? `${r.last}, ${r.first}` : 'Patient not on this workstation',
      }));
  }

  /**
   * Takes an entry off the waitlist: state `removed` and the reason, one `update` in the
   * outbox so every workstation stops offering it. Booked or removed entries stay as they are.
   */
  waitlistRemove(entryId: string, reason: string, actor: SessionUser): WaitlistEntry {
    return this.store.write((tx) => {
      const entry = tx.select().from(waitlistEntries).where(eq(waitlistEntries.id, entryId)).get();
      if (!entry) throw new DomainError('NOT_FOUND', 'No waitlist entry with that id');
      if (entry.state !== 'waiting' && entry.state !== 'offered') {
        throw new DomainError('CONFLICT', `This waitlist entry is already ${entry.state}`);
      }
      const fields = { state: 'removed' as const, removedReason: reason };
      tx.update(waitlistEntries).set(fields).where(eq(waitlistEntries.id, entryId)).run();
      this.store.recordChange(tx, { tableName: 'waitlist_entries', rowId: entryId, op: 'update', fields }, actor);
      return toWaitlistEntry({ ...entry, ...fields });
    });
  }

  /** The day's appointments not yet confirmed, for the reminder calls, earliest first. */
  reminders(date: string) {
    const ix = this.index();
    return this.day(date)
      .appointments.filter((a) => a.status === 'booked')
      .map((a) => ({
        ...a,
        providerName: ix.providerNames.get(a.providerId) ?? 'Unknown provider',
        typeName: ix.types.get(a.typeId)?.name ?? 'Visit',
      }));
  }

  /** Tomorrow in the clinic's zone, for the reminders screen. */
  tomorrow(): string {
    return addDays(localDate(this.now(), this.index().setup.timeZone), 1);
  }
}

const defaults = { reason: '', notes: '', interpreterNeeded: false, language: 'English', transportNeeded: false };

function toWaitlistEntry(row: typeof waitlistEntries.$inferSelect): WaitlistEntry {
  return { ...row, providerIds: JSON.parse(row.providerIds) as string[] };
}
