/**
 * Which rows and columns of the schedule grid are in the DOM, by arithmetic on the fixed
 * cell size (decision 0513). The window is what is on screen plus a margin, and it is kept
 * while what is on screen stays inside it, so most steps of the cursor scroll cells that
 * are already there.
 */

/** The grid's fixed sizes in CSS pixels, and how many rows and columns it has. */
export interface GridGeometry {
  rowHeight: number;
  colWidth: number;
  /** The sticky column header row above the first time row. */
  headerHeight: number;
  /** The sticky time column left of the first provider column. */
  timeWidth: number;
  rows: number;
  cols: number;
}

/** The scroll position and the size of the scrolling element. */
export interface Viewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Half-open ranges of row and column indexes: `rowFrom <= row < rowTo`. */
export interface GridWindow {
  rowFrom: number;
  rowTo: number;
  colFrom: number;
  colTo: number;
}

/** Extra rows and columns drawn beyond the screen when the screen leaves the window (in the key's own render). */
export const MARGIN = { rows: 4, cols: 2 } as const;
/** What is drawn ahead while the grid is idle, a SLICE at a time, once the margin left is under `MARGIN`. */
export const AHEAD = { rows: 10, cols: 5 } as const;

/**
 * What one idle render draws ahead at most. A slice this small renders within a frame, so
 * a coordinator holding an arrow key (a key every 25-30 ms) does not cut it off: drawing
 * all of AHEAD in one render took longer than the gap between keys, was thrown away at each
 * key, and the key's own render then had to draw a new window (decision 0532).
 */
export const SLICE = { rows: 4, cols: 1 } as const;

type Margins = { rows: number; cols: number };

/** `[first, end)` of the items of `size` px partly visible in `extent` px from `offset`. */
function visible(offset: number, extent: number, size: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(offset / size));
  const end = Math.min(count, Math.ceil((offset + Math.max(extent, 0)) / size));
  return [Math.min(first, count), Math.max(end, Math.min(first + 1, count))];
}

/** One axis: the current range if it holds what is visible and `keep` more each side, else the visible range with `margin`. */
function axis(current: [number, number] | null, shown: [number, number], keep: number, margin: number, count: number) {
  const need = [Math.max(0, shown[0] - keep), Math.min(count, shown[1] + keep)];
  if (current && current[0] <= need[0]! && need[1]! <= current[1] && current[1] <= count) return current;
  return [Math.max(0, shown[0] - margin), Math.min(count, shown[1] + margin)] as [number, number];
}

/**
 * The window for `view`: `current` where it still covers the screen (and `keep` more) on an
 * axis, else recentred on that axis with `margin`. The key's render asks only for the screen
 * (`keep` none, `margin` MARGIN); idle renders step toward MARGIN kept and AHEAD drawn (`aheadWindow`).
 */
export function nextWindow(
  current: GridWindow | null,
  view: Viewport,
  g: GridGeometry,
  { keep, margin }: { keep: Margins; margin: Margins } = { keep: { rows: 0, cols: 0 }, margin: MARGIN },
): GridWindow {
  const rows = axis(
    current && [current.rowFrom, current.rowTo],
    visible(view.top, view.height - g.headerHeight, g.rowHeight, g.rows),
    keep.rows,
    margin.rows,
    g.rows,
  );
  const cols = axis(
    current && [current.colFrom, current.colTo],
    visible(view.left, view.width - g.timeWidth, g.colWidth, g.cols),
    keep.cols,
    margin.cols,
    g.cols,
  );
  const next = { rowFrom: rows[0], rowTo: rows[1], colFrom: cols[0], colTo: cols[1] };
  return current && sameWindow(current, next) ? current : next;
}

export function sameWindow(a: GridWindow, b: GridWindow): boolean {
  return a.rowFrom === b.rowFrom && a.rowTo === b.rowTo && a.colFrom === b.colFrom && a.colTo === b.colTo;
}

/** The scroll position that shows cell (`col`, `row`) whole below the header and right of the time column, moving as little as possible. */
export function scrollToShow(col: number, row: number, view: Viewport, g: GridGeometry): { top: number; left: number } {
  const cellTop = row * g.rowHeight;
  const cellLeft = col * g.colWidth;
  const bodyHeight = view.height - g.headerHeight;
  const bodyWidth = view.width - g.timeWidth;
  let { top, left } = view;
  if (cellTop < top) top = cellTop;
  else if (cellTop + g.rowHeight > top + bodyHeight) top = cellTop + g.rowHeight - bodyHeight;
  if (cellLeft < left) left = cellLeft;
  else if (cellLeft + g.colWidth > left + bodyWidth) left = cellLeft + g.colWidth - bodyWidth;
  return { top: Math.max(0, top), left: Math.max(0, left) };
}

/**
 * One idle render's window: while less than MARGIN is drawn around the screen, a SLICE
 * nearer the screen with AHEAD around it; `current` itself once MARGIN is kept. (Idle
 * renders that always went on to AHEAD ran into the next key and doubled its p95.)
 */
export function aheadWindow(current: GridWindow, view: Viewport, g: GridGeometry): GridWindow {
  const target = nextWindow(current, view, g, { keep: MARGIN, margin: AHEAD });
  return target === current ? current : stepToward(current, target, SLICE);
}

/**
 * `current` moved toward `target` by at most `slice` rows and columns at each edge. Each
 * edge lies between its place in `current` and in `target`, so a window between two that
 * both cover the screen covers it too.
 */
function stepToward(current: GridWindow, target: GridWindow, slice: Margins): GridWindow {
  const edge = (from: number, to: number, most: number) => from + Math.max(-most, Math.min(most, to - from));
  return {
    rowFrom: edge(current.rowFrom, target.rowFrom, slice.rows),
    rowTo: edge(current.rowTo, target.rowTo, slice.rows),
    colFrom: edge(current.colFrom, target.colFrom, slice.cols),
    colTo: edge(current.colTo, target.colTo, slice.cols),
  };
}
