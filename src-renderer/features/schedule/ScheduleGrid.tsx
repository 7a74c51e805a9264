import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { displayDay, displayTime, fromIso, localDate, toIso } from '../../../src-shared/schedule/clinic-time';
import { templateWindows } from '../../../src-shared/schedule/availability';
import type { WaitlistOffer } from '../../../src-shared/schedule/contract';
import type { AppointmentView, Conflict } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { buildGrid, filterProviders, STATUS_LABELS, type Cell, type GridModel } from './grid-model';
import { GridBody, type CellActions } from './GridBody';
import { FollowUpDialog } from './FollowUpDialog';
import { BookingDialog, CancelDialog, EditDialog, MoveConflictDialog, type BookingTarget } from './ScheduleDialogs';
import { WaitlistDialog } from './WaitlistDialog';
import { WaitlistOffers } from './WaitlistOffers';
import { useSchedule } from './store';
import './schedule.css';

// Clinic hours shown; rows outside any provider's hours are shaded closed.
const FROM = 7 * 60;
const TO = 19 * 60;

type Dialog =
  | { kind: 'book'; target: BookingTarget }
  | { kind: 'cancel'; appointment: AppointmentView }
  | { kind: 'edit'; appointment: AppointmentView }
  | { kind: 'follow-up'; appointment: AppointmentView }
  | { kind: 'waitlist'; appointment: AppointmentView }
  | {
      kind: 'move-conflict';
      appointment: AppointmentView;
      target: { providerId: string; locationId: string; startsAt: string };
      conflicts: Conflict[];
      message: string;
    }
  | { kind: 'offers'; freed: AppointmentView; offers: WaitlistOffer[] };

/**
 * The scheduling grid: providers across, time down (day view), or one provider's
 * week. Virtualised both ways, so a hundred providers render only what is on screen.
 * Every action has a key; the mouse clicks and drags too.
 */
export function ScheduleGrid() {
  // Everything but the cursor: a cursor move re-renders the two cells it leaves and enters, not the grid (0505, 0512).
  const s = useSchedule(useShallow(({ cursor: _cursor, ...rest }) => rest));
  const announce = useAnnouncer((a) => a.announce);
  const go = useNavigation((n) => n.go);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void useSchedule.getState().load();
  }, []);

  const providers = useMemo(() => (s.setup ? filterProviders(s.setup.providers, s.filters) : []), [s.setup, s.filters]);
  const model = useMemo<GridModel | null>(
    () =>
      s.setup && s.date
        ? buildGrid({
            setup: s.setup,
            view: s.view,
            date: s.date,
            providers,
            weekProviderId: s.weekProviderId,
            appointments: s.appointments,
            exceptions: s.exceptions,
            step: s.step,
            from: FROM,
            to: TO,
          })
        : null,
    [s.setup, s.view, s.date, providers, s.weekProviderId, s.appointments, s.exceptions, s.step],
  );
  const rows = model?.rowLabels.length ?? 0;
  const cols = model?.columns.length ?? 0;

  // The cursor starts at 9:00 on the first provider the first time the grid shows.
  const placed = useRef(false);
  useEffect(() => {
    if (rows > 0 && cols > 0) placed.current = true;
  }, [rows, cols]);
  const typeNameOf = useMemo(() => {
    const names = new Map(s.setup?.types.map((t) => [t.id, t.name]));
    return (id: string) => names.get(id) ?? 'Visit';
  }, [s.setup]);
  // The grid gets one stable set of actions for the mouse (it handles it for every cell, decision 0533).
  const latest = useRef<CellActions | null>(null);
  const cellActions = useMemo<CellActions>(
    () => ({
      pick: (c, r) => latest.current?.pick(c, r),
      book: (c, r) => latest.current?.book(c, r),
      dragFrom: (a) => latest.current?.dragFrom(a),
      dropAt: (c, r) => latest.current?.dropAt(c, r),
    }),
    [],
  );
  // The grid takes focus when the screen opens: keyboard users start typing keys at once.
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current && rows > 0 && gridRef.current) {
      focused.current = true;
      gridRef.current.focus();
    }
  });
  if (!s.setup || !model) return <p role="status">{s.error ?? 'Loading the schedule…'}</p>;
  const setup = s.setup;
  const zone = setup.timeZone;
  const typeName = typeNameOf;
  const cellAt = (c: number, r: number): Cell | null => (c < cols && r < rows ? model.cell(c, r) : null);

  const locationFor = (c: number, instant: number): string => {
    const column = model.columns[c]!;
    const locations = new Map(setup.locations.map((l) => [l.id, l]));
    const w = templateWindows(setup.templates, locations, column.providerId, column.date).find(
      (x) => x.start <= instant && instant < x.end,
    );
    return (
      w?.locationId ?? setup.providers.find((p) => p.id === column.providerId)?.locationIds[0] ?? setup.locations[0]!.id
    );
  };

  const refresh = () => void s.load();
  const setStatus = (a: AppointmentView, status: 'arrived' | 'no-show') =>
    void call('schedule.setStatus', { appointmentId: a.id, status }).then((r) => {
      announce(r.ok ? `${a.patientName}: ${STATUS_LABELS[status]}` : `Not changed: ${r.error.message}`);
      refresh();
    });

  const place = async (a: AppointmentView, c: number, r: number, override?: string) => {
    const start = model.cell(c, r).start;
    const target = {
      providerId: model.columns[c]!.providerId,
      locationId: locationFor(c, start),
      startsAt: toIso(start),
    };
    const result = await call('schedule.reschedule', {
      appointmentId: a.id,
      ...target,
      ...(override ? { override: { reason: override } } : {}),
    });
    if (result.ok) {
      s.setMode({ kind: 'browse' });
      setDialog(null);
      announce(
        `Moved ${a.patientName} to ${model.columns[c]!.title}, ${displayTime(fromIso(result.value.startsAt), zone)}`,
      );
      refresh();
      gridRef.current?.focus();
      return;
    }
    const conflicts = await call('schedule.check', {
      patientId: a.patientId,
      providerId: target.providerId,
      typeId: a.typeId,
      locationId: target.locationId,
      startsAt: target.startsAt,
    });
    setDialog({
      kind: 'move-conflict',
      appointment: a,
      target,
      conflicts: conflicts.ok ? conflicts.value : [],
      message: result.error.message,
    });
  };

  latest.current = {
    pick: (c, r) => {
      s.moveCursor(c, r);
      gridRef.current?.focus();
    },
    book: (c, r) => {
      const cell = model.cell(c, r);
      setDialog({
        kind: 'book',
        target: {
          providerId: model.columns[c]!.providerId,
          locationId: locationFor(c, cell.start),
          startsAt: toIso(cell.start),
        },
      });
    },
    dragFrom: (a) => s.setMode({ kind: 'moving', appointment: a }),
    dropAt: (c, r) => {
      const m = useSchedule.getState().mode;
      if (m.kind === 'moving') {
        s.moveCursor(c, r);
        void place(m.appointment, c, r);
      }
    },
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Modified keys are the app's (Alt+W worklist, Ctrl+K palette), never the grid's letters.
    if (dialog || e.altKey || e.ctrlKey || e.metaKey) return;
    const { col, row } = useSchedule.getState().cursor;
    const current = cellAt(col, row);
    const appointmentAtCursor = current?.covering.find((a) => a.status !== 'cancelled') ?? null;
    const moving = s.mode.kind === 'moving' ? s.mode.appointment : null;
    const k = e.key;
    const clampRow = (r: number) => Math.max(0, Math.min(rows - 1, r));
    const clampCol = (c: number) => Math.max(0, Math.min(cols - 1, c));
    if (k === 'ArrowUp') s.moveCursor(col, clampRow(row - 1));
    else if (k === 'ArrowDown') s.moveCursor(col, clampRow(row + 1));
    else if (k === 'ArrowLeft') s.moveCursor(clampCol(col - 1), row);
    else if (k === 'ArrowRight') s.moveCursor(clampCol(col + 1), row);
    else if (k === 'PageUp') s.shiftDays(-1);
    else if (k === 'PageDown') s.shiftDays(1);
    else if (k === 'Home') s.moveCursor(col, 0);
    else if (k === 'End') s.moveCursor(col, rows - 1);
    else if (k === 't' && !moving) s.today();
    else if (k === 'w' && !moving) s.setView('week', model.columns[col]?.providerId);
    else if (k === 'd' && !moving) s.setView('day');
    else if (k === 'Enter' && moving) void place(moving, col, row);
    else if (k === 'Enter' && current) {
      setDialog({
        kind: 'book',
        target: {
          providerId: model.columns[col]!.providerId,
          locationId: locationFor(col, current.start),
          startsAt: toIso(current.start),
        },
      });
    } else if (k === 'Escape' && moving) {
      s.setMode({ kind: 'browse' });
      announce('Move cancelled');
    } else if (['e', 'r', 'c', 'n', 'a', 'f', 'l'].includes(k) && !moving) {
      if (!appointmentAtCursor) {
        announce('No appointment at the cursor');
      } else if (k === 'e') setDialog({ kind: 'edit', appointment: appointmentAtCursor });
      else if (k === 'f') setDialog({ kind: 'follow-up', appointment: appointmentAtCursor });
      else if (k === 'l') setDialog({ kind: 'waitlist', appointment: appointmentAtCursor });
      else if (k === 'c') setDialog({ kind: 'cancel', appointment: appointmentAtCursor });
      else if (k === 'n') setStatus(appointmentAtCursor, 'no-show');
      else if (k === 'a') setStatus(appointmentAtCursor, 'arrived');
      else {
        s.setMode({ kind: 'moving', appointment: appointmentAtCursor });
        announce(`Moving ${appointmentAtCursor.patientName}: arrows to choose, Enter to place, Esc to stop`);
      }
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const closeDialog = () => {
    setDialog(null);
    setTimeout(() => gridRef.current?.focus(), 0);
  };
  const moving = s.mode.kind === 'moving' ? s.mode.appointment : null;
  const title = s.view === 'day' ? displayDay(s.date) : `Week of ${displayDay(model.columns[0]?.date ?? s.date)}`;
  const specialties = [...new Set(setup.providers.flatMap((p) => p.specialties))].sort();
  const languages = [...new Set(setup.providers.flatMap((p) => p.languages))].sort();

  return (
    <section className="schedule" aria-labelledby="schedule-title">
      <h1 id="schedule-title">
        Schedule · {title}
        {s.view === 'week' && ` · ${model.columns[0]?.subtitle ?? ''}`}
      </h1>
      <div className="schedule-toolbar" role="toolbar" aria-label="Schedule view">
        <button type="button" onClick={() => s.shiftDays(-1)}>
          Previous <kbd>PgUp</kbd>
        </button>
        <button type="button" onClick={() => s.today()}>
          Today <kbd>T</kbd>
        </button>
        <button type="button" onClick={() => s.shiftDays(1)}>
          Next <kbd>PgDn</kbd>
        </button>
        <label>
          Date <input type="date" value={s.date} onChange={(e) => e.target.value && s.setDate(e.target.value)} />
        </label>
        <label>
          Rows
          <select value={s.step} onChange={(e) => s.setStep(Number(e.target.value) as 5 | 10 | 15)}>
            <option value={5}>5 min</option>
            <option value={10}>10 min</option>
            <option value={15}>15 min</option>
          </select>
        </label>
        <label>
          Specialty
          <select
            value={s.filters.specialty}
            onChange={(e) => s.setFilters({ ...s.filters, specialty: e.target.value })}
          >
            <option value="">All</option>
            {specialties.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          Location
          <select
            value={s.filters.locationId}
            onChange={(e) => s.setFilters({ ...s.filters, locationId: e.target.value })}
          >
            <option value="">All</option>
            {setup.locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language
          <select value={s.filters.language} onChange={(e) => s.setFilters({ ...s.filters, language: e.target.value })}>
            <option value="">All</option>
            {languages.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          aria-pressed={s.view === 'week'}
          onClick={() =>
            s.setView(s.view === 'week' ? 'day' : 'week', model.columns[useSchedule.getState().cursor.col]?.providerId)
          }
        >
          {s.view === 'week' ? 'Day view' : 'Week view'} <kbd>{s.view === 'week' ? 'D' : 'W'}</kbd>
        </button>
        <button type="button" onClick={() => go({ name: 'find-slot' })}>
          Find next available <kbd>Alt+F</kbd>
        </button>
      </div>
      <p className="schedule-keys" id="schedule-keys">
        <kbd>↑↓←→</kbd> move · <kbd>Enter</kbd> book · <kbd>E</kbd> edit · <kbd>R</kbd> reschedule · <kbd>C</kbd> cancel
        · <kbd>N</kbd> no-show · <kbd>A</kbd> arrived · <kbd>F</kbd> follow-up · <kbd>L</kbd> waitlist · <kbd>W</kbd>/
        <kbd>D</kbd> week/day
        {moving && <strong> · Moving {moving.patientName}: Enter places, Esc stops</strong>}
      </p>
      {cols === 0 ? (
        <p role="status">No provider matches these filters.</p>
      ) : (
        <GridBody
          gridRef={gridRef}
          model={model}
          step={s.step}
          typeName={typeName}
          actions={cellActions}
          label={`Schedule, ${title}`}
          startRow={placed.current ? null : Math.round((9 * 60 - FROM) / s.step)}
          onKeyDown={onKeyDown}
        />
      )}
      {dialog?.kind === 'book' && (
        <BookingDialog
          setup={setup}
          target={dialog.target}
          onClose={closeDialog}
          onBooked={(a, count) => {
            announce(
              count && count > 1
                ? `Booked a series of ${count} ${typeName(a.typeId)} visits from ${displayTime(fromIso(a.startsAt), zone)}, tentative until the hub confirms`
                : `Booked ${typeName(a.typeId)} at ${displayTime(fromIso(a.startsAt), zone)}, tentative until the hub confirms`,
            );
            closeDialog();
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <CancelDialog
          appointment={dialog.appointment}
          onClose={closeDialog}
          onCancelled={(offers) => {
            announce(`Cancelled ${dialog.appointment.patientName}'s appointment`);
            refresh();
            if (offers.length) setDialog({ kind: 'offers', freed: dialog.appointment, offers });
            else closeDialog();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <EditDialog
          appointment={dialog.appointment}
          onClose={closeDialog}
          onSaved={() => {
            announce('Appointment saved');
            closeDialog();
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'move-conflict' && (
        <MoveConflictDialog
          conflicts={dialog.conflicts}
          message={dialog.message}
          onClose={closeDialog}
          onOverride={(reason) => {
            const c = model.columns.findIndex((x) => x.providerId === dialog.target.providerId);
            void place(
              dialog.appointment,
              Math.max(c, 0),
              model.rowOf(Math.max(c, 0), fromIso(dialog.target.startsAt)),
              reason,
            );
          }}
        />
      )}
      {dialog?.kind === 'follow-up' && (
        <FollowUpDialog
          setup={setup}
          appointment={dialog.appointment}
          onClose={closeDialog}
          onBooked={(a) => {
            announce(
              `Booked follow-up for ${dialog.appointment.patientName} on ${displayDay(localDate(fromIso(a.startsAt), zone))} at ${displayTime(fromIso(a.startsAt), zone)}, tentative until the hub confirms`,
            );
            closeDialog();
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'waitlist' && (
        <WaitlistDialog
          setup={setup}
          appointment={dialog.appointment}
          onClose={closeDialog}
          onAdded={() => {
            announce(`${dialog.appointment.patientName} is on the waitlist for an earlier visit`);
            closeDialog();
          }}
        />
      )}
      {dialog?.kind === 'offers' && (
        <WaitlistOffers
          setup={setup}
          freed={dialog.freed}
          offers={dialog.offers}
          onClose={closeDialog}
          onBooked={(a, offer) => {
            announce(
              `Booked ${offer.patientName} from the waitlist at ${displayTime(fromIso(a.startsAt), zone)}, tentative until the hub confirms`,
            );
            closeDialog();
            refresh();
          }}
        />
      )}
    </section>
  );
}
