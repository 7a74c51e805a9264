import { and, asc, count, eq, getTableColumns, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { format } from 'date-fns';
import { todayIso } from '../../src-shared/dates';
import { DomainError } from '../../src-shared/errors';
import type { CallerMatchResult } from '../../src-shared/calls/contract';
import { mayReceiveInformation, type DisclosureCheck, type PatientPerson } from '../../src-shared/calls/may-receive';
import { matchCaller, type PhoneCandidate } from '../../src-shared/calls/phone-match';
import type {
  Addendum,
  CallAppointment,
  CallDetail,
  CallerKind,
  CallFigures,
  CallFilter,
  CallLogEntry,
  CallPage,
  CallVisit,
  NewCall,
} from '../../src-shared/calls/schemas';
import { foldName, readPatientQuery } from '../../src-shared/patients/search-query';
import type { Task } from '../../src-shared/tasks/schemas';
import { tasksForCall } from '../../src-shared/tasks/rules';
import { patientConsents, patientPeople, patientPhones, patients } from '../patients/table';
import { readSetup } from '../schedule/setup';
import { appointments, appointmentTypes, providers } from '../schedule/table';
import type { Store } from '../store/store';
import { createTask, tasks, toTask } from '../tasks/table';
import { CallIndex, localDayStart, rankBy, type SearchMatches } from './call-index';
import { callsToCsv } from './csv';
import { ADDENDUM_SEARCH_ROWID, CallSearchIndex } from './search-index';
import { patientNameIndex } from '../patients/name-index';
import { appendAddendum, appendCall, callLogAddenda, callLogEntries, type CallActor, type CallRow } from './table';

/** An export larger than this is refused: narrow the filters instead of carrying the whole log around. */
export const MAX_EXPORT_ROWS = 100_000;

const patientName = sql<
  string | null
>`CASE WHEN ${patients.id} IS NULL THEN NULL ELSE ${patients.lastName} || ', ' || ${patients.firstName} END`;

export class CallService {
  private readonly index: CallIndex;
  private readonly searchIndex: CallSearchIndex;

  constructor(private readonly store: Store) {
    this.index = new CallIndex(store.sqlite);
    this.index.warmUp();
    this.searchIndex = new CallSearchIndex(store);
    // Calls sync brought in while this workstation was closed are indexed once it is quiet.
    this.searchIndex.whenIdle();
  }

  /** Logs a call and, in the same transaction, the tasks it leaves behind (a callback, a clinical question). */
  log(input: NewCall, actor: CallActor): { call: CallDetail; tasks: Task[] } {
    this.searchIndex.whenIdle();
    return this.store.write((tx) => {
      const patient = input.patientId ? patientNameStatement(this.store).get(input.patientId) : undefined;
      if (input.patientId && !patient)
        throw new DomainError('NOT_FOUND', 'That patient does not exist', { patientId: 'No such patient' });
      // A call is linked to one of its own patient's visits (the entry lists only those).
      if (input.appointmentId && visitPatientStatement(this.store).get(input.appointmentId) !== input.patientId)
        throw new DomainError('VALIDATION', "Link one of this patient's visits", {
          appointmentId: "Not one of this patient's visits",
        });
      const row = appendCall(this.store, tx, input, actor);
      const name = patient ? `${patient.lastName}, ${patient.firstName}` : null;
      const made = tasksForCall({
        id: row.id,
        patientId: row.patientId,
        patientName: patient ? `${patient.firstName} ${patient.lastName}` : null,
        callerName: row.callerName,
        reason: input.reason,
        outcome: input.outcome,
        endedAt: row.endedAt,
        followUpDue: row.followUpDue,
        coordinator: actor,
      }).map((t) => toTask(createTask(this.store, tx, { ...t, source: { kind: 'call', id: row.id } }, actor), name));
      return { call: { ...toEntry(row, name, 0), addenda: [], visit: this.visit(row.appointmentId) }, tasks: made };
    });
  }

  addAddendum(callId: string, text: string, actor: CallActor): Addendum {
    this.searchIndex.whenIdle();
    return this.store.write((tx) => {
      const exists = tx
        .select({ id: callLogEntries.id })
        .from(callLogEntries)
        .where(eq(callLogEntries.id, callId))
        .get();
      if (!exists) throw new DomainError('NOT_FOUND', 'No call with that id');
      return appendAddendum(this.store, tx, callId, text, actor);
    });
  }

  get(id: string): CallDetail {
    const { db } = this.store;
    const found = db
      .select({ call: callLogEntries, patientName })
      .from(callLogEntries)
      .leftJoin(patients, eq(patients.id, callLogEntries.patientId))
      .where(eq(callLogEntries.id, id))
      .get();
    if (!found) throw new DomainError('NOT_FOUND', 'No call with that id');
    const addenda = db
      .select()
      .from(callLogAddenda)
      .where(eq(callLogAddenda.callId, id))
      .orderBy(asc(callLogAddenda.at))
      .all();
    return {
      ...toEntry(found.call, found.patientName, addenda.length),
      addenda,
      visit: this.visit(found.call.appointmentId),
    };
  }

  /** The linked visit as a coordinator reads it: when (in the clinic's zone), with whom, what for. */
  private visit(appointmentId: string | null): CallVisit | null {
    if (!appointmentId) return null;
    const found = this.visits().where(eq(appointments.id, appointmentId)).get();
    return found ? { ...found, timeZone: readSetup(this.store).timeZone } : null;
  }

  /** One window of the call log's current view, and how many calls the view holds. */
  query(filter: CallFilter, offset: number, limit: number): CallPage {
    const positions = this.view(filter);
    return { total: positions.length, offset, rows: this.rowsAt(positions.subarray(offset, offset + limit)) };
  }

  /** The whole current view as CSV. The caller (the IPC router) audits it as an export. */
  exportCsv(
    filter: CallFilter,
    now = new Date(),
  ): { filename: string; csv: string; count: number; patientIds: string[] } {
    const positions = this.view(filter);
    if (positions.length > MAX_EXPORT_ROWS)
      throw new DomainError(
        'VALIDATION',
        `The view holds more than ${MAX_EXPORT_ROWS.toLocaleString('en-US')} calls: narrow the dates or filters to export it`,
      );
    const rows: CallLogEntry[] = [];
    for (let at = 0; at < positions.length; at += 500) rows.push(...this.rowsAt(positions.subarray(at, at + 500)));
    const patientIds = [...new Set(rows.map((r) => r.patientId).filter((id): id is string => id !== null))];
    return {
      filename: `call-log-${format(now, 'yyyy-MM-dd-HHmm')}.csv`,
      csv: callsToCsv(rows),
      count: rows.length,
      patientIds,
    };
  }

  /** Patients whose phone is this number (a shared family phone gives several). */
  matchCaller(phone: string | null): CallerMatchResult {
    const candidates = phone ? this.candidatesFor(phone) : [];
    const match = matchCaller(phone, candidates);
    const list = match.kind === 'one' ? [match.candidate] : match.kind === 'several' ? match.candidates : [];
    const mrns = new Map(candidates.map((c) => [c.patientId, c.mrn]));
    return { phone, candidates: list.map((c) => ({ ...c, mrn: mrns.get(c.patientId) ?? '' })) };
  }

  checkCaller(patientId: string, callerKind: CallerKind, callerName: string, today = new Date()): DisclosureCheck {
    const patient = this.store.db.select({ id: patients.id }).from(patients).where(eq(patients.id, patientId)).get();
    if (!patient) throw new DomainError('NOT_FOUND', 'No patient with that id');
    return mayReceiveInformation({ kind: callerKind, name: callerName }, this.peopleOf(patientId), todayIso(today));
  }

  /** The patient's visits from 60 days ago to 120 ahead, soonest first, for linking a call to one. */
  appointmentsFor(patientId: string, now = new Date()): CallAppointment[] {
    const day = 86_400_000;
    return this.visits()
      .where(
        and(
          eq(appointments.patientId, patientId),
          gte(appointments.startsAt, new Date(now.getTime() - 60 * day).toISOString()),
          lte(appointments.startsAt, new Date(now.getTime() + 120 * day).toISOString()),
        ),
      )
      .orderBy(asc(appointments.startsAt))
      .all();
  }

  /** Visits as a call lists them (`CallAppointment`): provider and type by name, blank when not on this workstation. */
  private visits() {
    return this.store.db
      .select({
        id: appointments.id,
        startsAt: appointments.startsAt,
        providerName: sql<string>`coalesce(${providers.name}, '')`,
        typeName: sql<string>`coalesce(${appointmentTypes.name}, '')`,
        status: appointments.status,
      })
      .from(appointments)
      .leftJoin(providers, eq(providers.id, appointments.providerId))
      .leftJoin(appointmentTypes, eq(appointmentTypes.id, appointments.typeId))
      .$dynamic();
  }

  /** Today's figures for the call log header: counts only, no patient named. */
  figures(now = new Date()): CallFigures {
    const { db } = this.store;
    const date = todayIso(now);
    // Bounded on both sides: a call stamped tomorrow (a workstation clock ahead, by sync) is not today's.
    const today = and(
      gte(callLogEntries.startedAt, localDayStart(date)),
      lt(callLogEntries.startedAt, localDayStart(date, 1)),
    );
    const byHour = Array.from({ length: 24 }, () => 0);
    const hours = db
      .select({ hour: sql<string>`strftime('%H', ${callLogEntries.startedAt}, 'localtime')`, n: count() })
      .from(callLogEntries)
      .where(today)
      .groupBy(sql`1`)
      .all();
    for (const { hour, n } of hours) byHour[Number(hour)] = n;
    // Handle time counts conversations only: a missed call or a voicemail has nobody to handle.
    const handled = db
      .select({ avg: sql<number | null>`avg(${callLogEntries.durationSeconds})` })
      .from(callLogEntries)
      .where(and(today, sql`${callLogEntries.direction} IN ('inbound', 'outbound')`))
      .get();
    const callbacks = db
      .select({ open: count(), overdue: sql<number>`coalesce(sum(${tasks.dueAt} < ${now.toISOString()}), 0)` })
      .from(tasks)
      .where(and(eq(tasks.kind, 'callback'), eq(tasks.status, 'open')))
      .get()!;
    return {
      callsByHour: byHour,
      callsToday: byHour.reduce((a, b) => a + b, 0),
      averageHandleSeconds: handled?.avg == null ? null : Math.round(handled.avg),
      openCallbacks: callbacks.open,
      overdueCallbacks: callbacks.overdue,
    };
  }

  /** Everyone who has logged a call here, for the coordinator filter. */
  coordinators(): { id: string; name: string }[] {
    return this.index.coordinatorList();
  }

  private view(filter: CallFilter): Int32Array {
    const ranks = filter.sort === 'patientName' ? this.patientRanks() : null;
    return this.index.positions(filter, this.search(filter.search), ranks);
  }

  /** The calls at these index positions, in that order, with patient names and addendum counts. */
  private rowsAt(positions: Int32Array): CallLogEntry[] {
    if (positions.length === 0) return [];
    const rowids = Array.from(positions, (p) => this.index.rowidAt(p));
    // One prepared statement for any window: the rowids travel as one JSON array.
    const found = windowStatement(this.store).all(JSON.stringify(rowids));
    const byRowid = new Map(
      found.map(({ rowid, patientName, addendumCount, ...call }) => [rowid, toEntry(call, patientName, addendumCount)]),
    );
    return rowids.map((r) => byRowid.get(r)!).filter(Boolean);
  }

  /** Alphabetical rank of every patient the index knows, for sorting by patient name. */
  private patientRanks(): Int32Array {
    const ids = this.index.patientIds();
    const names = new Map(
      this.store.db
        .select({ id: patients.id, name: sql<string>`${patients.lastName} || ', ' || ${patients.firstName}` })
        .from(patients)
        .all()
        .map((p) => [p.id, p.name]),
    );
    return rankBy(ids.map((id) => names.get(id) ?? '\uffff'));
  }

  /** Quick search: a phone number finds its calls; words find callers, notes, addenda and patient names. */
  private search(text: string): SearchMatches {
    if (!text) return { rowids: null, patientIds: null, phone: null };
    const query = readPatientQuery(text);
    if (query.kind === 'phone' && query.e164) return { rowids: null, patientIds: null, phone: query.e164 };
    const words = foldName(text).split(/\s+/).filter(Boolean);
    if (words.length === 0) return { rowids: [], patientIds: null, phone: null };
    const match = words.map((w) => `"${w.replaceAll('"', '')}"*`).join(' AND ');
    // Calls logged, or patients saved, in the last moments may not be indexed yet (decisions 0412, 0033).
    this.searchIndex.catchUp();
    patientNameIndex(this.store).catchUp();
    const { sqlite } = this.store;
    // Two plain queries, not a UNION: a common word matches tens of thousands of calls,
    // and de-duplicating them in a temporary b-tree cost more than the search. A call
    // found by its own text and by an addendum is simply listed twice; the index marks it once.
    const own = this.store.prepared('calls.searchOwn', () =>
      sqlite
        .prepare<[string]>(
          `SELECT rowid FROM call_log_fts WHERE call_log_fts MATCH ? AND rowid < ${ADDENDUM_SEARCH_ROWID}`,
        )
        .pluck(),
    );
    const viaAddenda = this.store.prepared('calls.searchAddenda', () =>
      sqlite
        .prepare<[string]>(
          `SELECT c.rowid FROM call_log_fts f JOIN call_log_entries c ON c.id = f.call_id
           WHERE call_log_fts MATCH ? AND f.rowid >= ${ADDENDUM_SEARCH_ROWID}`,
        )
        .pluck(),
    );
    const byName = this.store.prepared('calls.searchPatients', () =>
      sqlite.prepare<[string]>('SELECT patient_id FROM patients_fts WHERE patients_fts MATCH ?').pluck(),
    );
    const rowids = [...(own.all(match) as number[]), ...(viaAddenda.all(match) as number[])];
    return { rowids, patientIds: new Set(byName.all(match) as string[]), phone: null };
  }

  /**
   * Everyone reachable at this number: patients with it among their phones, and
   * patients one of whose people (a parent, a representative) has it. Merged-away
   * records are left out: their survivor is listed.
   */
  private candidatesFor(phone: string): (PhoneCandidate & { mrn: string })[] {
    const { db } = this.store;
    const own = db
      .selectDistinct({ patientId: patientPhones.patientId })
      .from(patientPhones)
      .where(eq(patientPhones.number, phone))
      .all()
      .map((r) => r.patientId);
    const people = db
      .select({
        patientId: patientPeople.patientId,
        name: patientPeople.name,
        relationship: patientPeople.relationship,
        role: patientPeople.role,
      })
      .from(patientPeople)
      .where(eq(patientPeople.phone, phone))
      .all();
    const ids = [...new Set([...own, ...people.map((p) => p.patientId)])];
    const rows = db
      .select()
      .from(patients)
      .where(
        and(
          isNull(patients.mergedInto),
          sql`(${patients.phone} = ${phone} OR ${inArray(patients.id, ids.length ? ids : [''])})`,
        ),
      )
      .all();
    return rows.flatMap((p) => {
      const base = { patientId: p.id, name: `${p.lastName}, ${p.firstName}`, dateOfBirth: p.dateOfBirth, mrn: p.mrn };
      const mine = p.phone === phone || own.includes(p.id) ? [{ ...base, via: { kind: 'patient' as const } }] : [];
      const theirs = people
        .filter((x) => x.patientId === p.id)
        .map((x) => ({
          ...base,
          via: { kind: 'person' as const, personName: x.name, relationship: x.relationship ?? x.role },
        }));
      return [...mine, ...theirs];
    });
  }

  /**
   * The people on a patient's record who may call for them: their emergency contact
   * and representative (a guardian, a power of attorney or another personal
   * representative may hear health information as the patient would), and whoever a
   * signed release names, until it expires.
   */
  private peopleOf(patientId: string): PatientPerson[] {
    const { db } = this.store;
    const people: PatientPerson[] = db
      .select()
      .from(patientPeople)
      .where(eq(patientPeople.patientId, patientId))
      .all()
      .map((p) => ({
        name: p.name,
        relationship: p.relationship ?? p.kind ?? p.role,
        mayReceiveHealthInformation: p.mayReceiveHealthInfo || (p.role === 'representative' && p.kind !== null),
        authorizedUntil: null,
      }));
    const releases = db
      .select()
      .from(patientConsents)
      .where(and(eq(patientConsents.patientId, patientId), eq(patientConsents.kind, 'release')))
      .all()
      .filter((r) => r.given && r.releaseTo)
      .map((r) => ({
        name: r.releaseTo!,
        relationship: 'named in a signed release',
        mayReceiveHealthInformation: true,
        authorizedUntil: r.expires,
      }));
    return [...people, ...releases];
  }
}

function toEntry(row: CallRow, patientName: string | null, addenda: number): CallLogEntry {
  return {
    id: row.id,
    direction: row.direction as CallLogEntry['direction'],
    phone: row.phone,
    patientId: row.patientId,
    patientName,
    callerKind: row.callerKind as CallLogEntry['callerKind'],
    callerName: row.callerName,
    reason: row.reason as CallLogEntry['reason'],
    outcome: row.outcome as CallLogEntry['outcome'],
    notes: row.notes,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    durationSeconds: row.durationSeconds,
    appointmentId: row.appointmentId,
    referralId: row.referralId,
    coordinatorId: row.coordinatorId,
    coordinatorName: row.coordinatorName,
    createdAt: row.createdAt,
    addendumCount: addenda,
  };
}

/** A patient's name for the call entry and its tasks: the hot path of logging a call. */
function patientNameStatement(store: Store) {
  return store.prepared('calls.patientName', ({ sqlite }) =>
    sqlite.prepare<[string], { firstName: string; lastName: string }>(
      'SELECT first_name AS firstName, last_name AS lastName FROM patients WHERE id = ?',
    ),
  );
}

/** Whose visit this is: a call may link only its own patient's. */
function visitPatientStatement(store: Store) {
  return store.prepared('calls.visitPatient', ({ sqlite }) =>
    sqlite.prepare<[string], string | null>('SELECT patient_id FROM appointments WHERE id = ?').pluck(),
  );
}

type WindowRow = CallRow & { rowid: number; patientName: string | null; addendumCount: number };

/** The call log's rows by rowid, with the patient's name and the addendum count. */
function windowStatement(store: Store) {
  const columns = Object.entries(getTableColumns(callLogEntries))
    .map(([key, column]) => `c."${column.name}" AS "${key}"`)
    .join(', ');
  return store.prepared('calls.window', ({ sqlite }) =>
    sqlite.prepare<[string], WindowRow>(
      `SELECT c.rowid AS rowid, ${columns},
         CASE WHEN p.id IS NULL THEN NULL ELSE p.last_name || ', ' || p.first_name END AS patientName,
         (SELECT count(*) FROM call_log_addenda a WHERE a.call_id = c.id) AS addendumCount
       FROM call_log_entries c LEFT JOIN patients p ON p.id = c.patient_id
       WHERE c.rowid IN (SELECT value FROM json_each(?))`,
    ),
  );
}
