import {
  memo,
  startTransition,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import { fromIso, MINUTE } from '../../../src-shared/schedule/clinic-time';
import type { AppointmentView } from '../../../src-shared/schedule/schemas';
import { STATUS_LABELS, type Cell, type GridModel, type Shade } from './grid-model';
import { aheadWindow, nextWindow, sameWindow, scrollToShow, type GridGeometry, type GridWindow } from './grid-window';
import { useSchedule } from './store';

const ROW_H = 28;
const COL_W = 168;
const TIME_W = 84;

export interface CellActions {
  pick(col: number, row: number): void;
  book(col: number, row: number): void;
  dragFrom(a: AppointmentView): void;
  dropAt(col: number, row: number): void;
}

interface GridBodyProps {
  /** The grid element: the screen focuses it after dialogs and clicks. */
  gridRef: RefObject<HTMLDivElement | null>;
  model: GridModel;
  step: number;
  typeName: (id: string) => string;
  actions: CellActions;
  /** The grid's accessible name. */
  label: string;
  /** Where the cursor starts when the grid first shows (its first column), or null to leave it. */
  startRow: number | null;
  onKeyDown: (e: KeyboardEvent) => void;
}

const cellId = (col: number, row: number) => `cell-${col}-${row}`;

/**
 * The grid itself: one focused `role="grid"` element naming the cursor cell as its
 * active descendant (0505), drawing only a window of rows and columns around the screen
 * (0513). The cursor is one outline moved by a transform; a step of it renders nothing
 * unless the screen reaches the window's edge.
 */
export function GridBody({ gridRef, model, step, typeName, actions, label, startRow, onKeyDown }: GridBodyProps) {
  const rows = model.rowLabels.length;
  const cols = model.columns.length;
  const geometry = useMemo<GridGeometry>(
    () => ({ rowHeight: ROW_H, colWidth: COL_W, headerHeight: ROW_H, timeWidth: TIME_W, rows, cols }),
    [rows, cols],
  );
  const cursorRef = useRef<HTMLDivElement>(null);
  // The scroll position and size as last written or observed: reading them back from the element could force a layout.
  const view = useRef({ top: 0, left: 0, width: 0, height: 0 });
  // Nothing is drawn until the element's size is known (the first layout effect, before the first paint).
  const [drawn, setDrawn] = useState<GridWindow>({ rowFrom: 0, rowTo: 0, colFrom: 0, colTo: 0 });
  const shown = useRef(drawn);
  const placed = useRef(false);
  // The cell last marked as the cursor (markCursorCell).
  const marked = useRef<HTMLElement | null>(null);
  const moving = useSchedule((s) => (s.mode.kind === 'moving' ? s.mode.appointment : null));

  useLayoutEffect(() => {
    const el = gridRef.current;
    if (!el) return;
    // Drawing ahead waits until the grid is idle, after the key's frame is painted, and
    // yields to the next key (a transition): the key's own render draws only what must show.
    // It goes a slice at a time, each slice its own idle render, until AHEAD is drawn.
    let idle = 0;
    const drawAhead = () => {
      idle = 0;
      const next = aheadWindow(shown.current, view.current, geometry);
      if (next === shown.current) return;
      startTransition(() => setDrawn((shown.current = next)));
      idle = requestIdleCallback(drawAhead, { timeout: 500 });
    };
    const show = () => {
      const next = nextWindow(shown.current, view.current, geometry);
      if (!sameWindow(next, shown.current)) setDrawn((shown.current = next));
      idle ||= requestIdleCallback(drawAhead, { timeout: 500 });
    };
    const follow = ({ col, row }: { col: number; row: number }) => {
      el.setAttribute('aria-activedescendant', cellId(col, row));
      cursorRef.current?.style.setProperty(
        'transform',
        `translate(${TIME_W + col * COL_W}px, ${ROW_H + row * ROW_H}px)`,
      );
      // Scroll by arithmetic on the fixed sizes, and draw the cells there in the same frame.
      const to = scrollToShow(col, row, view.current, geometry);
      if (to.top !== view.current.top) el.scrollTop = view.current.top = to.top;
      if (to.left !== view.current.left) el.scrollLeft = view.current.left = to.left;
      show();
      markCursorCell(el, marked);
    };
    view.current = { top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight };
    if (!placed.current && startRow !== null)
      useSchedule.getState().moveCursor(0, Math.max(0, Math.min(geometry.rows - 1, startRow)));
    placed.current = true;
    follow(useSchedule.getState().cursor);
    const unsubscribe = useSchedule.subscribe(
      (state, before) => state.cursor !== before.cursor && follow(state.cursor),
    );
    // Scrolled by the wheel or the scroll bars: the window follows the screen.
    const onScroll = () => {
      view.current.top = el.scrollTop;
      view.current.left = el.scrollLeft;
      show();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const resized = new ResizeObserver(() => {
      view.current.width = el.clientWidth;
      view.current.height = el.clientHeight;
      show();
    });
    resized.observe(el);
    return () => {
      cancelIdleCallback(idle);
      unsubscribe();
      el.removeEventListener('scroll', onScroll);
      resized.disconnect();
    };
    // startRow is read once, when the grid first shows (placed).
  }, [geometry, gridRef]);

  // A cell drawn after the cursor moved onto it (the window moved, or the day reloaded) is marked once it exists.
  useLayoutEffect(() => {
    if (gridRef.current) markCursorCell(gridRef.current, marked);
  });

  // A grid whose rows or columns shrank since the window was chosen draws only what exists.
  const rowTo = Math.min(drawn.rowTo, rows);
  const colTo = Math.min(drawn.colTo, cols);
  const { col, row } = useSchedule.getState().cursor;
  const rowMs = step * MINUTE;
  return (
    <div
      ref={gridRef}
      role="grid"
      aria-label={label}
      aria-describedby="schedule-keys"
      aria-rowcount={rows + 1}
      aria-colcount={cols + 1}
      aria-activedescendant={cellId(col, row)}
      tabIndex={0}
      className="schedule-grid"
      onKeyDown={onKeyDown}
      // The mouse, for every cell at once: cells carry no handlers of their own (0533).
      onMouseDown={(e) => {
        const at = cellOf(e.target);
        if (at) actions.pick(at.col, at.row);
      }}
      onDoubleClick={(e) => {
        const at = cellOf(e.target);
        if (at) actions.book(at.col, at.row);
      }}
      onDragStart={(e) => {
        const at = cellOf(e.target);
        const id = e.target instanceof HTMLElement ? e.target.dataset.appointment : undefined;
        const appointment = at && id ? model.cell(at.col, at.row).starting.find((a) => a.id === id) : undefined;
        if (appointment) actions.dragFrom(appointment);
      }}
      onDragOver={(e) => {
        if (cellOf(e.target)) e.preventDefault();
      }}
      onDrop={(e) => {
        const at = cellOf(e.target);
        if (!at) return;
        e.preventDefault();
        actions.dropAt(at.col, at.row);
      }}
    >
      <div style={{ width: TIME_W + cols * COL_W, height: ROW_H + rows * ROW_H, position: 'relative' }}>
        <div role="row" aria-rowindex={1} className="grid-header" style={{ width: TIME_W + cols * COL_W }}>
          <div role="columnheader" aria-colindex={1} className="time-header">
            Time
          </div>
          {range(drawn.colFrom, colTo).map((c) => (
            <div
              key={c}
              role="columnheader"
              aria-colindex={c + 2}
              className="provider-header"
              style={{ left: TIME_W + c * COL_W, width: COL_W }}
            >
              <span className="provider-name">{model.columns[c]!.title}</span>
              <span className="provider-sub">{model.columns[c]!.subtitle}</span>
            </div>
          ))}
        </div>
        {/* The times down the left, drawn once as one sticky column (each row names its time to assistive technology). */}
        <div aria-hidden="true" className="time-column" style={{ height: rows * ROW_H }}>
          {range(drawn.rowFrom, rowTo).map((r) => (
            <div key={r} className="time-label" style={{ top: r * ROW_H }}>
              {model.rowLabels[r]}
            </div>
          ))}
        </div>
        {/* The cells, their shading and lines in one stacking context under the cursor and the sticky headers:
            a frame that repaints only the cursor reuses this context's drawing as one piece, instead of
            walking every row, shading block and visit block (decision 0535). */}
        <div className="grid-cells">
          {/* Availability under the rows: a few blocks per column, not a background per cell (decision 0531). */}
          <div aria-hidden="true">
            {range(drawn.colFrom, colTo).map((c) => (
              <ColumnShading key={c} col={c} shades={model.shading(c)} />
            ))}
          </div>
          <GridLines rows={rows} cols={cols} />
          {range(drawn.rowFrom, rowTo).map((r) => (
            <GridRow
              key={r}
              row={r}
              colFrom={drawn.colFrom}
              colTo={colTo}
              model={model}
              rowMs={rowMs}
              typeName={typeName}
            />
          ))}
        </div>
        <div ref={cursorRef} aria-hidden="true" className="grid-cursor">
          {moving && (
            <div
              className="appt ghost"
              style={{ height: ((fromIso(moving.endsAt) - fromIso(moving.startsAt)) / rowMs) * ROW_H - 4 }}
            >
              {moving.patientName}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * The cursor cell says it is selected; every other cell says it is not. Set on the
 * element, not rendered, so a step of the cursor renders no cell (the cells render
 * `aria-selected="false"` and React never changes that value, so it leaves this alone).
 * The cell marked last is remembered, not searched for: a search of ~600 cells ran on
 * every key and every render. A remembered cell React has since removed takes the
 * change harmlessly; a cell drawn again is drawn unmarked.
 */
function markCursorCell(grid: HTMLElement, marked: { current: HTMLElement | null }) {
  const id = grid.getAttribute('aria-activedescendant');
  const cell = id ? document.getElementById(id) : null;
  if (marked.current === cell && cell?.getAttribute('aria-selected') === 'true') return;
  marked.current?.setAttribute('aria-selected', 'false');
  cell?.setAttribute('aria-selected', 'true');
  marked.current = cell;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

interface RowProps {
  row: number;
  colFrom: number;
  colTo: number;
  model: GridModel;
  rowMs: number;
  typeName: (id: string) => string;
}

/**
 * The lines between cells, drawn once for the whole day and apart from the cells, so a row
 * repainted when the window moves draws only its visits (decision 0533): one bordered box per
 * row and per column, laid out (not positioned) in two boxes. Tiled gradients drew them before;
 * rastering those was two thirds of the grid's raster time, and a frame still being rastered
 * holds back the next key's frame (decision 0535).
 */
const GridLines = memo(function GridLines({ rows, cols }: { rows: number; cols: number }) {
  return (
    <div
      aria-hidden="true"
      className="grid-lines"
      style={{ top: ROW_H, left: TIME_W, width: cols * COL_W, height: rows * ROW_H }}
    >
      <div className="grid-lines-rows">
        {range(0, rows).map((r) => (
          <div key={r} />
        ))}
      </div>
      <div className="grid-lines-cols">
        {range(0, cols).map((c) => (
          <div key={c} />
        ))}
      </div>
    </div>
  );
});

/** A column's closed hours and exceptions as blocks (open time is the grid's own background). */
const ColumnShading = memo(function ColumnShading({ col, shades }: { col: number; shades: readonly Shade[] }) {
  return shades
    .filter((s) => s.state !== 'open')
    .map((s) => (
      <div
        key={s.from}
        className={`shade ${s.state}`}
        style={{ left: TIME_W + col * COL_W, top: ROW_H + s.from * ROW_H, height: (s.to - s.from) * ROW_H }}
      />
    ));
});

/**
 * One time row: its time, then the cells of the window's columns laid out in a row. The
 * cells are not positioned, so a row is one layer to paint, not one per cell (0531).
 */
const GridRow = memo(function GridRow({ row, colFrom, colTo, model, rowMs, typeName }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={row + 2}
      className="grid-row"
      style={{ top: ROW_H + row * ROW_H, paddingLeft: TIME_W + colFrom * COL_W }}
    >
      <div role="rowheader" aria-colindex={1} className="visually-hidden">
        {model.rowLabels[row]}
      </div>
      {range(colFrom, colTo).map((c) => (
        <GridCell key={c} col={c} row={row} cell={model.cell(c, row)} rowMs={rowMs} typeName={typeName} />
      ))}
    </div>
  );
});

interface CellProps {
  col: number;
  row: number;
  cell: Cell;
  rowMs: number;
  typeName: (id: string) => string;
}

/**
 * A slot: its accessible name says provider, time and what is there. Visit blocks are drawn in
 * their start cell, placed against the row (the cell is not positioned), over the cells below.
 * A cell holds no handlers (the grid listens for the mouse on behalf of all of them) and a block
 * is one element of plain text, so a column of cells mounts in few DOM operations (decision 0533).
 */
const GridCell = memo(function GridCell({ col, row, cell, rowMs, typeName }: CellProps) {
  const share = COL_W / Math.max(1, cell.starting.length);
  return (
    <div
      id={cellId(col, row)}
      role="gridcell"
      aria-colindex={col + 2}
      aria-selected="false"
      aria-label={cell.label}
      className={`grid-cell ${cell.state}`}
    >
      {cell.starting.map((a, i) => {
        const from = Math.max(cell.start, fromIso(a.startsAt));
        return (
          <div
            key={a.id}
            aria-hidden="true"
            draggable
            data-appointment={a.id}
            className={`appt ${a.status} ${a.hubState}`}
            style={{
              height: Math.max(ROW_H - 4, ((fromIso(a.endsAt) - from) / rowMs) * ROW_H - 4),
              top: ((from - cell.start) / rowMs) * ROW_H + 1,
              left: TIME_W + col * COL_W + i * share,
              width: share - 4,
            }}
          >
            {`${a.patientName} · ${typeName(a.typeId)} · ${STATUS_LABELS[a.status]}${a.hubState === 'tentative' ? ' · tentative' : ''}`}
          </div>
        );
      })}
    </div>
  );
});

/** The cell (`col`, `row`) an event happened in, from the cell's id, or null outside the cells. */
function cellOf(target: EventTarget | null): { col: number; row: number; element: HTMLElement } | null {
  const element = target instanceof Element ? target.closest<HTMLElement>('[role="gridcell"]') : null;
  const match = element && /^cell-(\d+)-(\d+)$/.exec(element.id);
  return match ? { col: Number(match[1]), row: Number(match[2]), element } : null;
}
