import { useCallback, useEffect, useRef, useState } from 'react';
import { tableFeatures, useTable, type ColumnDef } from '@tanstack/react-table';
import { AUDIT_ACTIONS, type AuditEntryView, type AuditFilter } from '../../../src-shared/audit/contract';
import { parseCalendarDate } from '../../../src-shared/dates';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { DataTable } from '../../components/DataTable';

const features = tableFeatures({});
const PAGE = 100;

const columns: Array<ColumnDef<typeof features, AuditEntryView>> = [
  { accessorKey: 'seq', header: '#' },
  {
    id: 'at',
    header: 'When',
    cell: ({ row }) => <time dateTime={row.original.at}>{new Date(row.original.at).toLocaleString()}</time>,
  },
  { id: 'user', header: 'User', cell: ({ row }) => row.original.username ?? '—' },
  { accessorKey: 'action', header: 'Action' },
  { id: 'source', header: 'Source', cell: ({ row }) => row.original.channel ?? '—' },
  { id: 'patients', header: 'Patients', cell: ({ row }) => row.original.patientIds.join(', ') || '—' },
  { accessorKey: 'workstation', header: 'Workstation' },
];

interface FilterText {
  from: string;
  to: string;
  username: string;
  action: string;
  patientId: string;
}
const EMPTY: FilterText = { from: '', to: '', username: '', action: '', patientId: '' };

/** MM/DD/YYYY days, local time, to the instants the audit is filtered by; a bad date is an error, not ignored. */
function toFilter(text: FilterText): { filter: AuditFilter } | { error: string } {
  const filter: AuditFilter = {};
  for (const [key, endOfDay] of [
    ['from', false],
    ['to', true],
  ] as const) {
    if (!text[key].trim()) continue;
    const day = parseCalendarDate(text[key]);
    if (!day) return { error: `“${text[key]}” is not a date; use MM/DD/YYYY` };
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const local = endOfDay ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d);
    filter[key] = local.toISOString();
  }
  if (text.username.trim()) filter.username = text.username.trim();
  if (text.action) filter.action = text.action as AuditFilter['action'];
  if (text.patientId.trim()) filter.patientId = text.patientId.trim();
  return { filter };
}

/** Admin: the audit, newest first, filtered, exported as CSV, and its hash chain checked. */
export function AuditLog() {
  const announce = useAnnouncer((s) => s.announce);
  const [text, setText] = useState<FilterText>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<{ entries: AuditEntryView[]; total: number }>({ entries: [], total: 0 });
  const [problem, setProblem] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const load = useCallback(async () => {
    const result = await call('audit.list', { ...filter, limit: PAGE, offset });
    if (result.ok) {
      setPage(result.value);
      setProblem(null);
    } else setProblem(result.error.message);
  }, [filter, offset]);
  useEffect(() => void load(), [load]);

  const apply = () => {
    const parsed = toFilter(text);
    if ('error' in parsed) {
      setProblem(parsed.error);
      return;
    }
    setOffset(0);
    setFilter(parsed.filter);
  };

  const exportCsv = async () => {
    const result = await call('audit.export', filter);
    if (!result.ok) {
      announce(`Not exported: ${result.error.message}`);
      return;
    }
    const url = URL.createObjectURL(new Blob([result.value.csv], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = result.value.filename;
    link.click();
    URL.revokeObjectURL(url);
    announce(`Exported ${result.value.count} audit entries to ${result.value.filename}`);
    await load();
  };

  const verify = async () => {
    const result = await call('audit.verify', {});
    if (!result.ok) return setVerdict(result.error.message);
    const v = result.value;
    setVerdict(
      v.intact
        ? `The audit is intact: ${v.entries} entries, each chained to the one before.`
        : `The audit was tampered with: ${v.problems.map((p) => p.detail).join('; ')}`,
    );
  };

  const table = useTable({ features, columns, data: page.entries, getRowId: (e) => e.id });
  const field = (key: keyof FilterText) => ({
    value: text[key],
    onChange: (e: { target: { value: string } }) => setText((t) => ({ ...t, [key]: e.target.value })),
  });
  const last = Math.min(offset + PAGE, page.total);

  return (
    <section aria-labelledby="audit-title" className="admin">
      <h1 id="audit-title" tabIndex={-1} ref={heading}>
        Audit log
      </h1>
      <form
        className="filters"
        aria-label="Filter the audit"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <label>
          From <input {...field('from')} placeholder="MM/DD/YYYY" inputMode="numeric" />
        </label>
        <label>
          To <input {...field('to')} placeholder="MM/DD/YYYY" inputMode="numeric" />
        </label>
        <label>
          User <input {...field('username')} autoComplete="off" />
        </label>
        <label>
          Action{' '}
          <select {...field('action')}>
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Patient id <input {...field('patientId')} autoComplete="off" />
        </label>
        <button type="submit">Filter</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      <div className="audit-actions">
        <button type="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
        <button type="button" onClick={() => void verify()}>
          Verify the chain
        </button>
      </div>
      {verdict && (
        <p role="status" className="verdict">
          {verdict}
        </p>
      )}
      <p id="audit-count">
        {page.total === 0 ? 'No entries match.' : `Entries ${offset + 1}–${last} of ${page.total}, newest first`}
      </p>
      <DataTable table={table} describedBy="audit-count" />
      <nav className="pager" aria-label="Audit pages">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Newer
        </button>
        <button type="button" disabled={last >= page.total} onClick={() => setOffset(offset + PAGE)}>
          Older
        </button>
      </nav>
    </section>
  );
}
