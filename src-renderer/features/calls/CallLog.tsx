import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import {
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  CALL_REASONS,
  DIRECTION_LABELS,
  OUTCOME_LABELS,
  REASON_LABELS,
  CALLER_LABELS,
  type CallFilterInput,
  type CallLogEntry,
  type CallSortColumn,
} from '../../../src-shared/calls/schemas';
import { formatDuration } from '../../../src-shared/calls/duration';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { VirtualTable } from '../../components/VirtualTable';
import { CallFigures } from './CallFigures';
import { PatientPicker } from '../patients/PatientPicker';
import { offerDownload } from './download';
import { localTime } from './labels';
import './calls.css';

const WINDOW = 200;
const features = tableFeatures({ rowSortingFeature });
const column = createColumnHelper<typeof features, CallLogEntry>();
const columns = column.columns([
  column.accessor('startedAt', { header: 'Started', cell: (c) => localTime(c.getValue()) }),
  column.accessor('direction', { header: 'Direction', cell: (c) => DIRECTION_LABELS[c.getValue()] }),
  column.accessor('patientName', { header: 'Patient', cell: (c) => c.getValue() ?? '—' }),
  column.accessor('callerName', {
    header: 'Caller',
    enableSorting: false,
    cell: (c) => c.getValue() || CALLER_LABELS[c.row.original.callerKind],
  }),
  column.accessor('reason', { header: 'Reason', cell: (c) => REASON_LABELS[c.getValue()] }),
  column.accessor('outcome', { header: 'Outcome', cell: (c) => OUTCOME_LABELS[c.getValue()] }),
  column.accessor('durationSeconds', { header: 'Length', cell: (c) => formatDuration(c.getValue()) }),
  column.accessor('coordinatorName', { header: 'Coordinator' }),
  column.accessor('notes', {
    header: 'Notes',
    enableSorting: false,
    cell: (c) => (
      <span className="notes-cell">
        {c.getValue()}
        {c.row.original.addendumCount > 0 && (
          <span className="addenda-badge">
            {' '}
            +{c.row.original.addendumCount} {c.row.original.addendumCount === 1 ? 'addendum' : 'addenda'}
          </span>
        )}
      </span>
    ),
  }),
]);

type Filter = Omit<Required<CallFilterInput>, 'sort' | 'descending'>;
const NO_FILTER: Filter = {
  from: null,
  to: null,
  direction: null,
  reason: null,
  outcome: null,
  coordinatorId: null,
  patientId: null,
  search: '',
};

/**
 * Every call, newest first: filters, quick search and sort run in the main process
 * over the whole log, and the grid loads the view a window at a time as it scrolls.
 */
export function CallLog({ patient }: { patient?: { id: string; name: string } }) {
  const go = useNavigation((s) => s.go);
  const announce = useAnnouncer((s) => s.announce);
  const [filter, setFilter] = useState<Filter>({ ...NO_FILTER, patientId: patient?.id ?? null });
  const [patientName, setPatientName] = useState(patient?.name ?? '');
  const [search, setSearch] = useState('');
  const [sorting, setSorting] = useState<SortingState>([{ id: 'startedAt', desc: true }]);
  const [rows, setRows] = useState<CallLogEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [coordinators, setCoordinators] = useState<{ id: string; name: string }[]>([]);
  const ticket = useRef(0);
  const loadingMore = useRef(false);
  const searchBox = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);

  const view = useMemo(
    () => ({
      ...filter,
      sort: (sorting[0]?.id ?? 'startedAt') as CallSortColumn,
      descending: sorting[0]?.desc ?? true,
    }),
    [filter, sorting],
  );

  useEffect(() => {
    searchBox.current?.focus();
    void call('calls.coordinators', {}).then((r) => r.ok && setCoordinators(r.value));
  }, []);
  // Quick search waits for a pause in typing.
  useEffect(() => {
    const t = setTimeout(() => setFilter((f) => (f.search === search ? f : { ...f, search })), 200);
    return () => clearTimeout(t);
  }, [search]);

  useEffect(() => {
    const mine = ++ticket.current;
    void call('calls.query', { filter: view, offset: 0, limit: WINDOW }).then((r) => {
      if (mine !== ticket.current) return;
      setLoaded(true);
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setError(null);
      setRows(r.value.rows);
      setTotal(r.value.total);
      setActive(0);
      announce(`${r.value.total.toLocaleString('en-US')} ${r.value.total === 1 ? 'call' : 'calls'}`);
    });
  }, [view, announce]);

  const loadMore = useCallback(() => {
    if (loadingMore.current || rows.length >= total) return;
    loadingMore.current = true;
    const mine = ticket.current;
    void call('calls.query', { filter: view, offset: rows.length, limit: WINDOW }).then((r) => {
      loadingMore.current = false;
      if (mine !== ticket.current || !r.ok) return;
      setRows((prev) => [...prev, ...r.value.rows]);
    });
  }, [rows.length, total, view]);

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: setSorting,
  });

  const exportCsv = async () => {
    const r = await call('calls.export', { filter: view });
    if (!r.ok) {
      announce(`Not exported: ${r.error.message}`);
      return;
    }
    offerDownload(r.value.filename, r.value.csv);
    announce(
      `Exported ${r.value.count.toLocaleString('en-US')} ${r.value.count === 1 ? 'call' : 'calls'} to ${r.value.filename}`,
    );
  };

  const set = <K extends keyof Filter>(key: K, value: Filter[K]) => setFilter((f) => ({ ...f, [key]: value }));
  const select = <K extends 'direction' | 'reason' | 'outcome' | 'coordinatorId'>(key: K, value: string) =>
    set(key, (value || null) as Filter[K]);

  return (
    <section className="call-log" aria-labelledby="call-log-title">
      <header className="screen-head">
        <h1 id="call-log-title">Call log</h1>
        <button type="button" onClick={() => void exportCsv()} disabled={total === 0}>
          Export CSV
        </button>
      </header>
      <CallFigures refreshKey={total} />
      <div className="filters" role="search" aria-label="Filter calls">
        <div className="field">
          <label htmlFor="call-search">Quick search</label>
          <input
            id="call-search"
            ref={searchBox}
            type="search"
            value={search}
            placeholder="Name, number or words in the notes"
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || (e.key === 'Enter' && rows.length > 0)) {
                e.preventDefault();
                grid.current?.querySelector<HTMLTableElement>('table')?.focus();
              }
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="call-from">From</label>
          <input
            id="call-from"
            type="date"
            value={filter.from ?? ''}
            onChange={(e) => set('from', e.target.value || null)}
          />
        </div>
        <div className="field">
          <label htmlFor="call-to">To</label>
          <input id="call-to" type="date" value={filter.to ?? ''} onChange={(e) => set('to', e.target.value || null)} />
        </div>
        <Choice
          id="call-direction"
          label="Direction"
          value={filter.direction}
          onChange={(v) => select('direction', v)}
          options={CALL_DIRECTIONS.map((d) => [d, DIRECTION_LABELS[d]])}
        />
        <Choice
          id="call-reason"
          label="Reason"
          value={filter.reason}
          onChange={(v) => select('reason', v)}
          options={CALL_REASONS.map((r) => [r, REASON_LABELS[r]])}
        />
        <Choice
          id="call-outcome"
          label="Outcome"
          value={filter.outcome}
          onChange={(v) => select('outcome', v)}
          options={CALL_OUTCOMES.map((o) => [o, OUTCOME_LABELS[o]])}
        />
        <Choice
          id="call-coordinator"
          label="Coordinator"
          value={filter.coordinatorId}
          onChange={(v) => select('coordinatorId', v)}
          options={coordinators.map((c) => [c.id, c.name])}
        />
        <PatientPicker
          label="Patient"
          value={filter.patientId ? { id: filter.patientId, name: patientName } : null}
          onChange={(p) => {
            setPatientName(p?.name ?? '');
            set('patientId', p?.id ?? null);
          }}
        />
      </div>
      <p className="hint">
        <kbd>↑</kbd>
        <kbd>↓</kbd> or <kbd>j</kbd>
        <kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>p</kbd> shows only that patient, <kbd>/</kbd> searches.{' '}
        <span>
          {total.toLocaleString('en-US')} {total === 1 ? 'call' : 'calls'}
        </span>
      </p>
      {error && <p role="alert">{error}</p>}
      <div ref={grid}>
        <VirtualTable
          table={table}
          id="calls"
          label="Calls"
          total={total}
          active={active}
          onActiveChange={setActive}
          onOpen={(c) => go({ name: 'call', callId: c.id })}
          onNearEnd={loadMore}
          onRowKey={(key, c) => {
            if (key === '/') {
              searchBox.current?.focus();
              return true;
            }
            if (key === 'p' && c.patientId) {
              setPatientName(c.patientName ?? '');
              set('patientId', c.patientId);
              return true;
            }
            return false;
          }}
          empty={loaded ? 'No calls match this view.' : 'Loading calls…'}
        />
      </div>
    </section>
  );
}

function Choice({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string | null;
  onChange: (value: string) => void;
  options: [string, string][];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
