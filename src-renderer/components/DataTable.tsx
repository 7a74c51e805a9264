import type { ReactTable, RowData, TableFeatures } from '@tanstack/react-table';

/**
 * A plain table over a TanStack table, for short admin lists that fit on a page
 * (users, a page of the audit). Long, keyboard-driven lists use VirtualTable.
 */
export function DataTable<F extends TableFeatures, T extends RowData>({
  table,
  describedBy,
  label,
}: {
  table: ReactTable<F, T>;
  describedBy?: string;
  label?: string;
}) {
  return (
    <table className="data-table" aria-describedby={describedBy} aria-label={label}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col">
                <table.FlexRender header={header} />
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
