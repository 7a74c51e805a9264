import type { ReactNode, Ref } from 'react';

export interface RecordColumn<T> {
  header: string;
  cell: (record: T) => ReactNode;
}

/**
 * A short list of records with a button or two per row (providers, a provider's hours,
 * open slots, appointments to confirm): a labelled table whose last column holds the
 * row's actions, its header read by screen readers only. Each action's button names
 * its record in its own accessible name; Tab moves through them in row order.
 */
export function RecordTable<T>({
  label,
  columns,
  records,
  recordKey,
  actions,
  empty,
  ref,
}: {
  label: string;
  columns: ReadonlyArray<RecordColumn<T>>;
  records: readonly T[];
  recordKey: (record: T) => string;
  /** The actions column: its (visually hidden) header and each row's buttons. */
  actions: RecordColumn<T>;
  /** Said in one row across the table when there are no records; without it the body stays empty. */
  empty?: ReactNode;
  ref?: Ref<HTMLTableElement>;
}) {
  return (
    <table ref={ref} className="slot-list" aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">{actions.header}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr key={recordKey(record)}>
            {columns.map((c) => (
              <td key={c.header}>{c.cell(record)}</td>
            ))}
            <td>{actions.cell(record)}</td>
          </tr>
        ))}
        {records.length === 0 && empty && (
          <tr>
            <td colSpan={columns.length + 1}>{empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
