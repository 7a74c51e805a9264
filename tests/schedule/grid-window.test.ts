import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AHEAD,
  aheadWindow,
  MARGIN,
  nextWindow,
  SLICE,
  scrollToShow,
  type GridGeometry,
  type GridWindow,
} from '../../src-renderer/features/schedule/grid-window';

// The bench's clinic: 100 providers, a day of 5-minute rows.
const day: GridGeometry = { rowHeight: 24, colWidth: 160, headerHeight: 48, timeWidth: 72, rows: 144, cols: 100 };
const screen = { width: 1280, height: 800 };

const holds = (w: GridWindow, col: number, row: number) =>
  w.colFrom <= col && col < w.colTo && w.rowFrom <= row && row < w.rowTo;

describe('the grid window: the cells a coordinator can see are drawn', () => {
  it('draws the screen and a margin around it when the grid opens', () => {
    const w = nextWindow(null, { top: 0, left: 0, ...screen }, day);
    const rowsOnScreen = Math.ceil((screen.height - day.headerHeight) / day.rowHeight);
    const colsOnScreen = Math.ceil((screen.width - day.timeWidth) / day.colWidth);
    expect(w).toEqual({ rowFrom: 0, rowTo: rowsOnScreen + MARGIN.rows, colFrom: 0, colTo: colsOnScreen + MARGIN.cols });
  });

  it('keeps the same window (no new cells) while a step stays on screen', () => {
    const view = { top: 0, left: 0, ...screen };
    const w = nextWindow(null, view, day);
    const stepped = { ...view, ...scrollToShow(1, 1, view, day) };
    expect(stepped).toEqual(view);
    expect(nextWindow(w, stepped, day)).toBe(w);
  });

  it('after any run of cursor steps, the cursor cell is on screen and drawn, and the window stays inside the grid', () => {
    const step = fc.constantFrom([1, 0], [-1, 0], [0, 1], [0, -1], [0, 12], [0, -12]);
    fc.assert(
      // Between two keys the grid may be idle long enough for none, one or several slices drawn ahead.
      fc.property(fc.array(fc.tuple(step, fc.integer({ min: 0, max: 3 })), { maxLength: 200 }), (steps) => {
        let col = 0;
        let row = 0;
        let view = { top: 0, left: 0, ...screen };
        let w = nextWindow(null, view, day);
        for (const [[dc, dr], idleSlices] of steps) {
          col = Math.min(day.cols - 1, Math.max(0, col + dc));
          row = Math.min(day.rows - 1, Math.max(0, row + dr));
          view = { ...view, ...scrollToShow(col, row, view, day) };
          w = nextWindow(w, view, day);
          for (let i = 0; i < idleSlices; i++) w = aheadWindow(w, view, day);
          expect(holds(w, col, row)).toBe(true);
          // Whole cell below the sticky header and right of the time column.
          expect(row * day.rowHeight).toBeGreaterThanOrEqual(view.top);
          expect((row + 1) * day.rowHeight).toBeLessThanOrEqual(view.top + screen.height - day.headerHeight);
          expect(col * day.colWidth).toBeGreaterThanOrEqual(view.left);
          expect((col + 1) * day.colWidth).toBeLessThanOrEqual(view.left + screen.width - day.timeWidth);
          expect(w.rowFrom).toBeGreaterThanOrEqual(0);
          expect(w.colFrom).toBeGreaterThanOrEqual(0);
          expect(w.rowTo).toBeLessThanOrEqual(day.rows);
          expect(w.colTo).toBeLessThanOrEqual(day.cols);
        }
      }),
    );
  });

  it('drawing ahead at idle goes a slice at a time, until MARGIN is drawn around the screen again', () => {
    let view = { top: 0, left: 0, ...screen };
    let w = nextWindow(null, view, day);
    // The cursor walks right past the screen, key by key, with no idle time between keys:
    // each key's own render draws only what must show, so the margin ahead runs short.
    for (let col = 1; col <= 12; col++) {
      view = { ...view, ...scrollToShow(col, 0, view, day) };
      w = nextWindow(w, view, day);
    }
    expect(nextWindow(w, view, day, { keep: MARGIN, margin: AHEAD })).not.toBe(w);
    const slices: GridWindow[] = [w];
    for (let next = aheadWindow(w, view, day); next !== slices.at(-1); next = aheadWindow(next, view, day)) {
      slices.push(next);
      expect(slices.length).toBeLessThan(50);
    }
    const last = slices.at(-1)!;
    expect(slices.length).toBeGreaterThan(1);
    expect(nextWindow(last, view, day, { keep: MARGIN, margin: AHEAD })).toBe(last);
    for (let i = 1; i < slices.length; i++) {
      const [a, b] = [slices[i - 1]!, slices[i]!];
      expect(Math.abs(b.colFrom - a.colFrom)).toBeLessThanOrEqual(SLICE.cols);
      expect(Math.abs(b.colTo - a.colTo)).toBeLessThanOrEqual(SLICE.cols);
      expect(Math.abs(b.rowFrom - a.rowFrom)).toBeLessThanOrEqual(SLICE.rows);
      expect(Math.abs(b.rowTo - a.rowTo)).toBeLessThanOrEqual(SLICE.rows);
    }
  });

  it('a grid with fewer providers than fit on screen draws every column, and no more', () => {
    const small = { ...day, cols: 3, rows: 10 };
    expect(nextWindow(null, { top: 0, left: 0, ...screen }, small)).toEqual({
      rowFrom: 0,
      rowTo: 10,
      colFrom: 0,
      colTo: 3,
    });
  });
});
