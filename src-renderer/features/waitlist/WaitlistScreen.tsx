import { useCallback, useEffect, useRef, useState } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { displayDay, displayTime, fromIso, localDate } from '../../../src-shared/schedule/clinic-time';
import type { WaitlistRow } from '../../../src-shared/schedule/contract';
import type { ClinicSetup } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { VirtualTable } from '../../components/VirtualTable';
import { EntrySlots } from './EntrySlots';
import { RemoveEntryDialog } from './RemoveEntryDialog';
import '../calls/calls.css';
import '../schedule/schedule.css';

/** A waitlist row with the clinic's names resolved, as the table shows it. */
export interface WaitlistLine extends WaitlistRow {
  typeName: string;
  providers: string;
  window: string;
  added: string;
}

const features = tableFeatures({});
const column = createColumnHelper<typeof features, WaitlistLine>();
const columns = column.columns([
  column.accessor('patientName', { header: 'Patient' }),
  column.accessor('typeName', { header: 'Visit type' }),
  column.accessor('providers', { header: 'Providers' }),
  column.accessor('window', { header: 'Wants a visit between' }),
  column.accessor('state', {
    header: 'State',
    cell: (c) => (c.getValue() === 'offered' ? 'Offered a freed slot' : 'Waiting'),
  }),
  column.accessor('added', { header: 'Added' }),
  column.accessor('notes', { header: 'Notes', cell: (c) => c.getValue() || '—' }),
]);

function toLine(row: WaitlistRow, setup: ClinicSetup): WaitlistLine {
  const provider = (id: string) => setup.providers.find((p) => p.id === id)?.name ?? 'Provider not on this workstation';
  const added = fromIso(row.createdAt);
  const when = `${displayDay(localDate(added, setup.timeZone))}, ${displayTime(added, setup.timeZone)}`;
  return {
    ...row,
    typeName: setup.types.find((t) => t.id === row.typeId)?.name ?? 'Visit',
    providers: row.providerIds.length ? row.providerIds.map(provider).join(', ') : 'Any provider',
    window: `${displayDay(row.earliestDate)} to ${displayDay(row.latestDate)}`,
    added: row.createdBy ? `${when} by ${row.createdBy}` : when,
  };
}

/**
 * The waitlist: every patient waiting for an earlier visit, in the order they joined (the
 * order a freed slot offers them). Keys: arrows or j/k move, Enter opens the patient, s finds
 * open slots that fit the entry and books one for them, r or Delete removes the entry with a
 * reason (audited, and synced so no workstation offers it again).
 */
export function WaitlistScreen() {
  const go = useNavigation((s) => s.go);
  const announce = useAnnouncer((s) => s.announce);
  const [setup, setSetup] = useState<ClinicSetup | null>(null);
  const [rows, setRows] = useState<WaitlistLine[]>([]);
  const [active, setActive] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<WaitlistLine | null>(null);
  const [finding, setFinding] = useState<WaitlistLine | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const focusList = () => setTimeout(() => box.current?.querySelector<HTMLTableElement>('table')?.focus(), 0);

  const load = useCallback(async () => {
    const [s, list] = await Promise.all([call('schedule.setup', {}), call('schedule.waitlist', {})]);
    setLoaded(true);
    if (!s.ok) return setError(`The waitlist did not load: ${s.error.message}`);
    if (!list.ok) return setError(`The waitlist did not load: ${list.error.message}`);
    setSetup(s.value);
    setRows(list.value.map((r) => toLine(r, s.value)));
    setActive((a) => Math.min(a, Math.max(0, list.value.length - 1)));
  }, []);
  useEffect(() => {
    void load().then(focusList);
  }, [load]);

  const table = useTable({ features, columns, data: rows, getRowId: (r) => r.id });

  return (
    <section className="waitlist" aria-labelledby="waitlist-title">
      <header className="screen-head">
        <h1 id="waitlist-title">Waitlist</h1>
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="summary">
        {rows.length} {rows.length === 1 ? 'patient wants' : 'patients want'} an earlier visit
      </p>
      <p className="hint">
        <kbd>↑</kbd>
        <kbd>↓</kbd> or <kbd>j</kbd>
        <kbd>k</kbd> move, <kbd>Enter</kbd> opens the patient, <kbd>s</kbd> finds slots that fit and books one,{' '}
        <kbd>r</kbd> or <kbd>Delete</kbd> removes from the waitlist. Patients are offered a cancelled visit that
        matches, in this order.
      </p>
      <div ref={box}>
        <VirtualTable
          table={table}
          id="waitlist"
          label="Patients waiting for an earlier visit"
          total={rows.length}
          active={active}
          onActiveChange={setActive}
          onOpen={(r) => go({ name: 'patient', patientId: r.patientId })}
          onRowKey={(key, row) => {
            if (key === 's') setFinding(row);
            else if (key === 'r' || key === 'Delete') setRemoving(row);
            else return false;
            return true;
          }}
          empty={loaded ? 'Nobody is on the waitlist.' : 'Loading the waitlist…'}
        />
      </div>
      {finding && setup && (
        <EntrySlots
          setup={setup}
          entry={finding}
          onClose={() => {
            setFinding(null);
            focusList();
          }}
          onBooked={(a) => {
            const start = fromIso(a.startsAt);
            announce(
              `Booked ${finding.patientName} from the waitlist on ${displayDay(localDate(start, setup.timeZone))} at ${displayTime(start, setup.timeZone)}, tentative until the hub confirms`,
            );
            setFinding(null);
            void load().then(focusList);
          }}
        />
      )}
      {removing && setup && (
        <RemoveEntryDialog
          entry={removing}
          onClose={() => {
            setRemoving(null);
            focusList();
          }}
          onRemoved={() => {
            announce(`${removing.patientName} is off the waitlist`);
            setRemoving(null);
            void load().then(focusList);
          }}
        />
      )}
    </section>
  );
}
