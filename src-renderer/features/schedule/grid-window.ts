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
/** What is drawn ahead while the grid is idle, once the margin left is under `MARGIN`: most steps then find their cells drawn. */
export const AHEAD = { rows: 10, cols: 5 } as const;

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
 * (`keep` none, `margin` MARGIN); the idle render asks for MARGIN kept and AHEAD drawn.
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
