import { create } from 'zustand';
import { addDays, todayIn } from '../../../src-shared/schedule/clinic-time';
import type { AppointmentView, ClinicSetup, ScheduleException } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { emptyFilters, type Filters } from './grid-model';

export type Mode = { kind: 'browse' } | { kind: 'moving'; appointment: AppointmentView };

interface ScheduleState {
  setup: ClinicSetup | null;
  view: 'day' | 'week';
  date: string;
  step: 5 | 10 | 15;
  filters: Filters;
  weekProviderId: string | null;
  appointments: AppointmentView[];
  exceptions: ScheduleException[];
  loading: boolean;
  error: string | null;
  cursor: { col: number; row: number };
  mode: Mode;
  load(): Promise<void>;
  setDate(date: string): void;
  shiftDays(days: number): void;
  today(): void;
  setView(view: 'day' | 'week', providerId?: string): void;
  setStep(step: 5 | 10 | 15): void;
  setFilters(filters: Filters): void;
  moveCursor(col: number, row: number): void;
  setMode(mode: Mode): void;
}

let ticket = 0;

/** The schedule screen's state: which day and providers, the cursor, and the loaded appointments. */
export const useSchedule = create<ScheduleState>((set, get) => ({
  setup: null,
  view: 'day',
  date: '',
  step: 15,
  filters: emptyFilters,
  weekProviderId: null,
  appointments: [],
  exceptions: [],
  loading: false,
  error: null,
  cursor: { col: 0, row: 0 },
  mode: { kind: 'browse' },

  async load() {
    const mine = ++ticket;
    let { setup } = get();
    if (!setup) {
      const r = await call('schedule.setup', {});
      if (!r.ok) return set({ error: r.error.message });
      setup = r.value;
      set({ setup, date: get().date || todayIn(setup.timeZone) });
    }
    const { view, date, weekProviderId } = get();
    set({ loading: true });
    const result =
      view === 'week' && weekProviderId
        ? await call('schedule.range', { from: date, to: addDays(date, 6), providerId: weekProviderId })
        : await call('schedule.day', { date });
    if (mine !== ticket) return;
    if (!result.ok) return set({ loading: false, error: result.error.message });
    set({ loading: false, error: null, appointments: result.value.appointments, exceptions: result.value.exceptions });
  },
  setDate(date) {
    set({ date });
    void get().load();
  },
  shiftDays(days) {
    get().setDate(addDays(get().date, get().view === 'week' ? days * 7 : days));
  },
  today() {
    const { setup } = get();
    if (setup) get().setDate(todayIn(setup.timeZone));
  },
  setView(view, providerId) {
    set({ view, weekProviderId: providerId ?? get().weekProviderId, cursor: { col: 0, row: get().cursor.row } });
    void get().load();
  },
  setStep(step) {
    const { cursor, step: old } = get();
    set({ step, cursor: { col: cursor.col, row: Math.floor((cursor.row * old) / step) } });
  },
  setFilters(filters) {
    set({ filters, cursor: { col: 0, row: get().cursor.row } });
  },
  moveCursor(col, row) {
    set({ cursor: { col, row } });
  },
  setMode(mode) {
    set({ mode });
  },
}));
