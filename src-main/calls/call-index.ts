import type Database from 'better-sqlite3';
import { CALL_DIRECTIONS, CALL_OUTCOMES, CALL_REASONS, type CallFilter } from '../../src-shared/calls/schemas';

/**
 * The call log's filter-and-sort index, held in the main process: one compact
 * column per filterable field (about 30 bytes a call) over every call, in typed
 * arrays. A view is a linear pass over a cached sort order, so any filter and sort
 * over 200,000 calls costs a few milliseconds instead of a table scan of encrypted
 * pages. It is correct because the log is append-only (triggers refuse UPDATE and
 * DELETE): catching up is reading the rows after the last rowid seen, whoever
 * inserted them (this workstation or sync).
 */
const CHUNK = 20_000;

export class CallIndex {
  private size = 0;
  private rowid = new Float64Array(1024);
  private started = new Float64Array(1024);
  private duration = new Int32Array(1024);
  private direction = new Uint8Array(1024);
  private reason = new Uint8Array(1024);
  private outcome = new Uint8Array(1024);
  /** Index into `coordinators`, `patients` and `phones`; -1 for none. */
  private coordinator = new Int32Array(1024);
  private patient = new Int32Array(1024);
  private phone = new Int32Array(1024);
  private readonly coordinators = new Interned();
  private readonly coordinatorNames: string[] = [];
  private readonly patients = new Interned();
  private readonly phones = new Interned();
  private lastRowid = 0;
  /** Sort orders (positions), built on first use and dropped when calls arrive. */
  private orders = new Map<string, Int32Array>();
  private readonly readAfter: Database.Statement<[number, number], IndexRow>;

  constructor(private readonly sqlite: Database.Database) {
    this.readAfter = sqlite.prepare(
      `SELECT rowid, started_at, duration_seconds, direction, reason, outcome, coordinator_id, coordinator_name, patient_id, phone
       FROM call_log_entries WHERE rowid > ? ORDER BY rowid LIMIT ?`,
    );
  }

  /** Reads calls added since the last look (by anyone); cheap when there are none. */
  catchUp(): void {
    while (this.readChunk() === CHUNK);
  }

  /**
   * Reads the log in the background, a chunk per turn of the event loop, so the
   * first visit to the call log does not pay for reading every call at once.
   */
  warmUp(): void {
    setImmediate(() => {
      if (!this.sqlite.open) return;
      if (this.readChunk() === CHUNK) this.warmUp();
    });
  }

  private readChunk(): number {
    let added = 0;
    for (const row of this.readAfter.iterate(this.lastRowid, CHUNK)) {
      this.push(row);
      added++;
    }
    if (added > 0) this.orders.clear();
    return added;
  }

  /** Positions of the calls in the view, in its order. */
  positions(filter: CallFilter, matches: SearchMatches, patientRanks: Int32Array | null = null): Int32Array {
    this.catchUp();
    const order = this.order(filter.sort, patientRanks);
    const from = filter.from ? Date.parse(localDayStart(filter.from)) : -Infinity;
    const to = filter.to ? Date.parse(localDayStart(filter.to, 1)) : Infinity;
    const dir = filter.direction ? CALL_DIRECTIONS.indexOf(filter.direction) : -1;
    const rea = filter.reason ? CALL_REASONS.indexOf(filter.reason) : -1;
    const out = filter.outcome ? CALL_OUTCOMES.indexOf(filter.outcome) : -1;
    const coord = filter.coordinatorId ? this.coordinators.find(filter.coordinatorId) : -1;
    const pat = filter.patientId ? this.patients.find(filter.patientId) : -1;
    if ((filter.coordinatorId && coord < 0) || (filter.patientId && pat < 0)) return new Int32Array(0);
    const searchPatients = matches.patientIds
      ? new Set([...matches.patientIds].map((id) => this.patients.find(id)).filter((i) => i >= 0))
      : null;
    const phone = matches.phone === null ? -1 : this.phones.find(matches.phone);
    if (matches.phone !== null && phone < 0) return new Int32Array(0);
    const byText = matches.rowids ? this.flagRowids(matches.rowids) : null;
    const filtered =
      from > -Infinity || to < Infinity || dir >= 0 || rea >= 0 || out >= 0 || coord >= 0 || pat >= 0 || phone >= 0;
    if (!filtered && !matches.rowids && !searchPatients) {
      const all = order.slice(0, this.size);
      return filter.descending ? all.reverse() : all;
    }
    const result = new Int32Array(this.size);
    let n = 0;
    const step = filter.descending ? -1 : 1;
    for (let k = filter.descending ? this.size - 1 : 0; k >= 0 && k < this.size; k += step) {
      const i = order[k]!;
      const t = this.started[i]!;
      if (t < from || t >= to) continue;
      if (dir >= 0 && this.direction[i] !== dir) continue;
      if (rea >= 0 && this.reason[i] !== rea) continue;
      if (out >= 0 && this.outcome[i] !== out) continue;
      if (coord >= 0 && this.coordinator[i] !== coord) continue;
      if (pat >= 0 && this.patient[i] !== pat) continue;
      if (phone >= 0 && this.phone[i] !== phone) continue;
      if (byText || searchPatients) {
        if (byText?.[i] !== 1 && !(searchPatients?.has(this.patient[i]!) ?? false)) continue;
      }
      result[n++] = i;
    }
    return result.subarray(0, n);
  }

  /**
   * One flag per position for the calls quick search found: rowids grow with
   * position (calls are read in rowid order), so each is a binary search, and the
   * pass over 200,000 calls then reads a byte instead of probing a Set.
   */
  private flagRowids(rowids: readonly number[]): Uint8Array {
    const flags = new Uint8Array(this.size);
    for (const rowid of rowids) {
      let [lo, hi] = [0, this.size - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const at = this.rowid[mid]!;
        if (at === rowid) {
          flags[mid] = 1;
          break;
        }
        if (at < rowid) lo = mid + 1;
        else hi = mid - 1;
      }
    }
    return flags;
  }

  rowidAt(position: number): number {
    return this.rowid[position]!;
  }

  /** Everyone who has logged a call, by name. */
  coordinatorList(): { id: string; name: string }[] {
    this.catchUp();
    return this.coordinators.values
      .map((id, i) => ({ id, name: this.coordinatorNames[i]! }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Patient ids known to the index (for ranking by name). */
  patientIds(): readonly string[] {
    return this.patients.values;
  }

  /**
   * Ascending order of every call by a column, ties by start time then rowid.
   * Small-domain columns use a stable counting sort over the start-time order.
   */
  private order(column: CallFilter['sort'], patientRanks: Int32Array | null): Int32Array {
    const key = column === 'patientName' ? null : column;
    const cached = key ? this.orders.get(key) : undefined;
    if (cached) return cached;
    const byStart = this.orders.get('startedAt') ?? this.sortBy((a, b) => this.started[a]! - this.started[b]! || a - b);
    this.orders.set('startedAt', byStart);
    let order: Int32Array;
    switch (column) {
      case 'startedAt':
        return byStart;
      case 'direction':
        order = countingSort(byStart, this.direction, CALL_DIRECTIONS.length);
        break;
      case 'reason':
        order = countingSort(byStart, this.reason, CALL_REASONS.length);
        break;
      case 'outcome':
        order = countingSort(byStart, this.outcome, CALL_OUTCOMES.length);
        break;
      case 'coordinatorName': {
        const ranks = rankBy(this.coordinatorNames);
        order = countingSort(
          byStart,
          this.coordinator.map((c) => ranks[c]!),
          ranks.length,
        );
        break;
      }
      case 'durationSeconds':
        order = this.sortBy(
          (a, b) => this.duration[a]! - this.duration[b]! || this.started[a]! - this.started[b]! || a - b,
        );
        break;
      case 'patientName': {
        // Patients can be renamed, so this order is never cached; calls with no patient sort last.
        const ranks = patientRanks ?? new Int32Array(0);
        const none = ranks.length;
        return countingSort(
          byStart,
          this.patient.subarray(0, this.size).map((p) => (p < 0 ? none : (ranks[p] ?? none))),
          none + 1,
        );
      }
    }
    this.orders.set(column, order);
    return order;
  }

  private sortBy(compare: (a: number, b: number) => number): Int32Array {
    const order = Int32Array.from({ length: this.size }, (_, i) => i);
    return order.sort(compare);
  }

  private push(row: IndexRow): void {
    if (this.size === this.rowid.length) this.grow();
    const i = this.size++;
    this.rowid[i] = row.rowid;
    this.started[i] = Date.parse(row.started_at);
    this.duration[i] = row.duration_seconds;
    this.direction[i] = CALL_DIRECTIONS.indexOf(row.direction as never);
    this.reason[i] = CALL_REASONS.indexOf(row.reason as never);
    this.outcome[i] = CALL_OUTCOMES.indexOf(row.outcome as never);
    const c = this.coordinators.intern(row.coordinator_id);
    this.coordinatorNames[c] = row.coordinator_name;
    this.coordinator[i] = c;
    this.patient[i] = row.patient_id === null ? -1 : this.patients.intern(row.patient_id);
    this.phone[i] = row.phone === null ? -1 : this.phones.intern(row.phone);
    this.lastRowid = row.rowid;
  }

  private grow(): void {
    const bigger = <A extends Float64Array | Int32Array | Uint8Array>(a: A): A => {
      const next = new (a.constructor as new (n: number) => A)(a.length * 2);
      next.set(a);
      return next;
    };
    this.rowid = bigger(this.rowid);
    this.started = bigger(this.started);
    this.duration = bigger(this.duration);
    this.direction = bigger(this.direction);
    this.reason = bigger(this.reason);
    this.outcome = bigger(this.outcome);
    this.coordinator = bigger(this.coordinator);
    this.patient = bigger(this.patient);
    this.phone = bigger(this.phone);
  }
}

/** What quick search found: calls by their words, patients by name, or one phone number. */
export interface SearchMatches {
  rowids: readonly number[] | null;
  patientIds: ReadonlySet<string> | null;
  phone: string | null;
}

interface IndexRow {
  rowid: number;
  started_at: string;
  duration_seconds: number;
  direction: string;
  reason: string;
  outcome: string;
  coordinator_id: string;
  coordinator_name: string;
  patient_id: string | null;
  phone: string | null;
}

/** Strings stored once, referred to by small integers. */
class Interned {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  intern(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
  find(value: string): number {
    return this.index.get(value) ?? -1;
  }
}

/** Stable counting sort of an order by a small integer key: keeps the given order within each key. */
function countingSort(order: Int32Array, keys: ArrayLike<number>, domain: number): Int32Array {
  const counts = new Int32Array(domain + 1);
  for (let k = 0; k < order.length; k++) counts[keys[order[k]!]! + 1]! += 1;
  for (let d = 1; d <= domain; d++) counts[d]! += counts[d - 1]!;
  const out = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    out[counts[keys[i]!]!++] = i;
  }
  return out;
}

/** One collator for every sort by name: `localeCompare` builds one per call, several times slower. */
const byName = new Intl.Collator();

/** Rank of each string in alphabetical order. */
export function rankBy(values: readonly string[]): Int32Array {
  const order = values.map((_, i) => i).sort((a, b) => byName.compare(values[a]!, values[b]!));
  const ranks = new Int32Array(values.length);
  order.forEach((i, rank) => (ranks[i] = rank));
  return ranks;
}

/** Start of a local calendar day as a UTC instant, the way call times are stored. */
export function localDayStart(isoDate: string, addDays = 0): string {
  const d = new Date(`${isoDate}T00:00:00`);
  d.setDate(d.getDate() + addDays);
  return d.toISOString();
}
