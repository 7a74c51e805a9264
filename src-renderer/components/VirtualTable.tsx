import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ReactTable } from '@tanstack/react-table';
import type { RowData, TableFeatures } from '@tanstack/react-table';

const ROW_HEIGHT = 36;

/** The sorting API, present on columns only when the table registers rowSortingFeature. */
interface SortableColumn {
  getIsSorted(): false | 'asc' | 'desc';
  getCanSort(): boolean;
  getToggleSortingHandler(): undefined | ((event: unknown) => void);
}
const sortable = (column: object): SortableColumn | null =>
  'getCanSort' in column ? (column as SortableColumn) : null;
const PAGE_ROWS = 10;

export interface VirtualTableProps<F extends TableFeatures, T extends RowData> {
  table: ReactTable<F, T>;
  label: string;
  /** Prefix of the row element ids (unique on the page). */
  id: string;
  /** How many rows the whole view holds (more than are loaded while scrolling). */
  total: number;
  active: number;
  onActiveChange: (index: number) => void;
  onOpen: (row: T) => void;
  /** Keys beyond moving and opening (d, s, a...), for the active row. Return true when handled. */
  onRowKey?: (key: string, row: T) => boolean;
  /** Called when the last loaded rows come into view, to load the next window. */
  onNearEnd?: () => void;
  empty: ReactNode;
  rowClassName?: (row: T) => string | undefined;
}

/**
 * A keyboard-first, virtualised grid over a TanStack table: the table element holds
 * focus and points at the active row (aria-activedescendant); arrows or j/k move,
 * Page Up/Down jump, Home/End go to the ends, Enter opens. Only the rows in view
 * are in the DOM, so a 200,000-call view scrolls like a 20-call one.
 */
export function VirtualTable<F extends TableFeatures, T extends RowData>({
  table,
  label,
  id,
  total,
  active,
  onActiveChange,
  onOpen,
  onRowKey,
  onNearEnd,
  empty,
  rowClassName,
}: VirtualTableProps<F, T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]!.id,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (rows.length > 0 && lastShown >= rows.length - PAGE_ROWS && rows.length < total) onNearEnd?.();
  }, [lastShown, rows.length, total, onNearEnd]);

  const rowId = (index: number) => `${id}-row-${index}`;
  const move = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    onActiveChange(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const row = rows[active]?.original;
    const handled = (() => {
      switch (e.key) {
        case 'ArrowDown':
        case 'j':
          move(active + 1);
          return true;
        case 'ArrowUp':
        case 'k':
          move(active - 1);
          return true;
        case 'PageDown':
          move(active + PAGE_ROWS);
          return true;
        case 'PageUp':
          move(active - PAGE_ROWS);
          return true;
        case 'Home':
          move(0);
          return true;
        case 'End':
          move(rows.length - 1);
          return true;
        case 'Enter':
          if (row) onOpen(row);
          return row !== undefined;
        default:
          return row !== undefined && (onRowKey?.(e.key, row) ?? false);
      }
    })();
    if (handled) e.preventDefault();
  };

  const columns = table.getAllLeafColumns().length;
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div ref={scrollRef} className="vt-scroll">
      <table
        className="vt"
        aria-label={label}
        aria-rowcount={total + 1}
        role="grid"
        tabIndex={0}
        aria-activedescendant={rows[active] ? rowId(active) : undefined}
        onKeyDown={onKeyDown}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => {
                const sort = sortable(header.column);
                const sorted = sort?.getIsSorted() ?? false;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                  >
                    {sort?.getCanSort() ? (
                      <button type="button" className="sort" onClick={sort.getToggleSortingHandler()}>
                        <table.FlexRender header={header} />
                        <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" className="vt-spacer">
              <td colSpan={columns} style={{ height: top }} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <tr
                key={row.id}
                id={rowId(item.index)}
                aria-rowindex={item.index + 2}
                aria-selected={item.index === active}
                className={[item.index === active ? 'active' : '', rowClassName?.(row.original) ?? ''].join(' ')}
                onClick={() => onActiveChange(item.index)}
                onDoubleClick={() => onOpen(row.original)}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" className="vt-spacer">
              <td colSpan={columns} style={{ height: bottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && <p className="vt-empty">{empty}</p>}
    </div>
  );
}
