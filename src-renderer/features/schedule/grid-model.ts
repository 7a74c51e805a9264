import {
  addDays,
  dayRows,
  displayTime,
  fromIso,
  MINUTE,
  weekStart,
  zonedInstant,
  displayDay,
} from '../../../src-shared/schedule/clinic-time';
import { openWindows, templateWindows } from '../../../src-shared/schedule/availability';
import type { AppointmentView, ClinicSetup, Provider, ScheduleException } from '../../../src-shared/schedule/schemas';

/** One column of the grid: a provider on a date (day view: many providers; week view: one provider, seven dates). */
export interface Column {
  providerId: string;
  date: string;
  title: string;
  subtitle: string;
}

export type CellState = 'open' | 'closed' | 'exception';

export interface Cell {
  start: number;
  end: number;
  state: CellState;
  exception: string | null;
  /** Appointments that start in this cell (their block is drawn here). */
  starting: AppointmentView[];
  /** Appointments covering any part of this cell. */
  covering: AppointmentView[];
  /** The cell's accessible name: provider, time, then what is there (the visits, or whether it is open). */
  label: string;
}

/** Rows `[from, to)` of one column that share a state: the grid shades them as one block (decision 0531). */
export interface Shade {
  from: number;
  to: number;
  state: CellState;
}

export interface GridModel {
  columns: Column[];
  rowLabels: string[];
  cell(col: number, row: number): Cell;
  /** A column's availability as runs of rows, top to bottom. */
  shading(col: number): readonly Shade[];
  rowOf(col: number, instant: number): number;
}

export interface Filters {
  specialty: string;
  locationId: string;
  language: string;
}

export const emptyFilters: Filters = { specialty: '', locationId: '', language: '' };

export function filterProviders(providers: readonly Provider[], f: Filters): Provider[] {
  return providers.filter(
    (p) =>
      (!f.specialty || p.specialties.includes(f.specialty)) &&
      (!f.locationId || p.locationIds.includes(f.locationId)) &&
      (!f.language || p.languages.includes(f.language)),
  );
}

/** Something with a time span, its instants parsed. */
interface Timed<T> {
  item: T;
  start: number;
  end: number;
}

export interface GridInput {
  setup: ClinicSetup;
  view: 'day' | 'week';
  date: string;
  providers: readonly Provider[];
  weekProviderId: string | null;
  appointments: readonly AppointmentView[];
  exceptions: readonly ScheduleException[];
  step: number;
  /** Wall minutes the grid shows (clinic hours). */
  from: number;
  to: number;
}

export function columnsFor(
  input: Pick<GridInput, 'view' | 'date' | 'providers' | 'weekProviderId' | 'setup'>,
): Column[] {
  if (input.view === 'week') {
    const provider = input.setup.providers.find((p) => p.id === input.weekProviderId) ?? input.providers[0];
    if (!provider) return [];
    const first = weekStart(input.date);
    return Array.from({ length: 7 }, (_, i) => {
      const date = addDays(first, i);
      return {
        providerId: provider.id,
        date,
        title: displayDay(date).replace(/, \d{4}$/, ''),
        subtitle: provider.name,
      };
    });
  }
  return input.providers.map((p) => ({
    providerId: p.id,
    date: input.date,
    title: p.name,
    subtitle: p.specialties.join(', '),
  }));
}

/**
 * Everything the grid draws, computed once per load: cells are built lazily as the
 * virtualiser asks for them and then kept, so moving the cursor costs a lookup.
 */
export function buildGrid(input: GridInput): GridModel {
  const zone = input.setup.timeZone;
  const columns = columnsFor(input);
  const locations = new Map(input.setup.locations.map((l) => [l.id, l]));
  // Day view rows are instants (a 24-hour clinic sees the DST hour skipped or doubled); week view rows are wall times.
  const dayView = dayRows(input.date, zone, input.from, input.to, input.step);
  const rowCount = input.view === 'day' ? dayView.length : Math.ceil((input.to - input.from) / input.step);
  const rowLabels =
    input.view === 'day'
      ? dayView.map((r) => r.label)
      : Array.from({ length: rowCount }, (_, r) =>
          displayTime(zonedInstant(input.date, input.from + r * input.step, zone), zone),
        );
  const rowStart = (col: Column, row: number) =>
    input.view === 'day' ? dayView[row]!.start : zonedInstant(col.date, input.from + row * input.step, zone);

  // Instants parsed once per visit, not once per cell that looks at it.
  const byColumn = new Map<string, Timed<AppointmentView>[]>();
  for (const a of input.appointments) {
    const list = byColumn.get(a.providerId) ?? [];
    list.push({ item: a, start: fromIso(a.startsAt), end: fromIso(a.endsAt) });
    byColumn.set(a.providerId, list);
  }
  const perColumn = new Map<
    number,
    {
      open: { start: number; end: number }[];
      hours: { start: number; end: number }[];
      exceptions: Timed<ScheduleException>[];
      appts: Timed<AppointmentView>[];
    }
  >();
  const columnFacts = (c: number) => {
    let facts = perColumn.get(c);
    if (!facts) {
      const col = columns[c]!;
      const { start, end } = { start: rowStart(col, 0), end: rowStart(col, rowCount - 1) + input.step * MINUTE };
      facts = {
        open: openWindows(input.setup.templates, input.exceptions, locations, col.providerId, col.date),
        hours: templateWindows(input.setup.templates, locations, col.providerId, col.date),
        exceptions: input.exceptions
          .filter((e) => e.providerId === null || e.providerId === col.providerId)
          .map((e) => ({ item: e, start: fromIso(e.startsAt), end: fromIso(e.endsAt) }))
          .filter((e) => e.start < end && start < e.end),
        appts: (byColumn.get(col.providerId) ?? []).filter((a) => a.start < end && start < a.end),
      };
      perColumn.set(c, facts);
    }
    return facts;
  };

  // Each visit is described once, however many cells it covers (formatting times is the slow part).
  const typeNames = new Map(input.setup.types.map((t) => [t.id, t.name]));
  const descriptions = new Map<AppointmentView, string>();
  const describe = (a: AppointmentView) => {
    let text = descriptions.get(a);
    if (text === undefined) {
      text = describeAppointment(a, typeNames.get(a.typeId) ?? 'Visit', zone);
      descriptions.set(a, text);
    }
    return text;
  };

  /** Whether `[start, end)` of column `c` is open, out for an exception, or outside hours; and the exception. */
  const stateOf = (c: number, start: number, end: number) => {
    const facts = columnFacts(c);
    const exception = facts.exceptions.find((e) => e.start < end && start < e.end)?.item;
    const open = facts.open.some((w) => w.start <= start && end <= w.end);
    const state: CellState =
      exception && facts.hours.some((w) => w.start < end && start < w.end)
        ? 'exception'
        : open
          ? 'open'
          : exception
            ? 'exception'
            : 'closed';
    return { state, exception };
  };

  const cells = new Map<number, Cell>();
  const shades = new Map<number, Shade[]>();
  return {
    columns,
    rowLabels,
    cell(c, r) {
      const key = c * 10_000 + r;
      let cell = cells.get(key);
      if (cell) return cell;
      const col = columns[c]!;
      const start = rowStart(col, r);
      const end = start + input.step * MINUTE;
      const facts = columnFacts(c);
      const { state, exception } = stateOf(c, start, end);
      const exceptionText = exception ? `${exception.kind}: ${exception.reason}` : null;
      const covering = facts.appts.filter((a) => a.start < end && start < a.end).map((a) => a.item);
      const what = covering.length
        ? covering.map(describe).join('; ')
        : state === 'open'
          ? 'available'
          : state === 'exception'
            ? `out, ${exceptionText}`
            : 'outside hours';
      cell = {
        start,
        end,
        state,
        exception: exceptionText,
        starting: facts.appts
          .filter((a) => (a.start >= start && a.start < end) || (r === 0 && a.start < start && a.end > start))
          .map((a) => a.item),
        covering,
        label: `${col.title}, ${rowLabels[r]}, ${what}`,
      };
      cells.set(key, cell);
      return cell;
    },
    shading(c) {
      let runs = shades.get(c);
      if (runs) return runs;
      runs = [];
      const col = columns[c]!;
      for (let r = 0; r < rowCount; r++) {
        const start = rowStart(col, r);
        const { state } = stateOf(c, start, start + input.step * MINUTE);
        const last = runs.at(-1);
        if (last?.state === state) last.to = r + 1;
        else runs.push({ from: r, to: r + 1, state });
      }
      shades.set(c, runs);
      return runs;
    },
    rowOf(c, instant) {
      const col = columns[c];
      if (!col) return 0;
      for (let r = rowCount - 1; r >= 0; r--) if (rowStart(col, r) <= instant) return r;
      return 0;
    },
  };
}

export const STATUS_LABELS: Record<AppointmentView['status'], string> = {
  booked: 'Booked',
  confirmed: 'Confirmed',
  arrived: 'Arrived',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};

export function describeAppointment(a: AppointmentView, typeName: string, zone: string): string {
  const pending =
    a.hubState === 'tentative'
      ? ', tentative until the hub confirms'
      : a.hubState === 'rejected'
        ? ', refused by the hub'
        : '';
  return `${a.patientName}, ${typeName}, ${displayTime(fromIso(a.startsAt), zone)} to ${displayTime(fromIso(a.endsAt), zone)}, ${STATUS_LABELS[a.status]}${pending}`;
}
