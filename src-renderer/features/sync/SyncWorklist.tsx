import { useCallback, useEffect, useRef, useState } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import type { SessionUser } from '../../../src-shared/session/contract';
import type { ReviewChoice, ReviewItem } from '../../../src-shared/sync/review';
import { useAnnouncer } from '../../app/announcer';
import { Dialog } from '../../components/Dialog';
import { VirtualTable } from '../../components/VirtualTable';
import { call } from '../../ipc/client';
import { dueLabel } from '../calls/labels';
import { EnrollForm } from './EnrollForm';
import { conflictSides, fieldLabel, KIND_LABELS, recordLabel, summary, valueLabel } from './review-labels';
import { stateLabel, timeLabel, useSyncStatus } from './sync-store';
import '../calls/calls.css';
import './sync.css';

type Item = ReviewItem & { source: 'hub' | 'local' };

const features = tableFeatures({});
const column = createColumnHelper<typeof features, Item>();
const columns = column.columns([
  column.accessor('createdAt', { header: 'When', cell: (c) => dueLabel(c.getValue()) }),
  column.accessor('kind', { header: 'Kind', cell: (c) => KIND_LABELS[c.getValue()] }),
  column.accessor('table', { header: 'Record', cell: (c) => recordLabel(c.getValue()) }),
  column.display({ id: 'what', header: 'What happened', cell: (c) => summary(c.row.original) }),
]);

/**
 * The sync screen: where this workstation stands with the clinic hub, and the
 * worklist of what sync could not settle alone. Keys on the list: arrows or j/k
 * move, Enter opens the item to pick a side, a acknowledges, r puts a conflict's
 * other value back. An admin enrolls the workstation here with IT's code.
 */
export function SyncWorklist() {
  const status = useSyncStatus((s) => s.status);
  const syncNow = useSyncStatus((s) => s.syncNow);
  const announce = useAnnouncer((s) => s.announce);
  const [items, setItems] = useState<Item[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<Item | null>(null);
  const [me, setMe] = useState<SessionUser | null>(null);
  const gridBox = useRef<HTMLDivElement>(null);
  const openItems = status?.openReviewItems;

  useEffect(() => {
    void call('session.current', {}).then((r) => r.ok && setMe(r.value));
  }, []);
  const load = useCallback(() => {
    void call('sync.conflicts', { includeResolved: false }).then((r) => {
      setLoaded(true);
      if (!r.ok) return announce(`Sync worklist not loaded: ${r.error.message}`);
      setItems(r.value);
      setActive((a) => Math.min(a, Math.max(0, r.value.length - 1)));
    });
  }, [announce]);
  // Reloads when an item arrives or leaves through sync.
  useEffect(() => load(), [load, openItems]);
  useEffect(() => {
    gridBox.current?.querySelector<HTMLTableElement>('table')?.focus();
  }, []);

  const table = useTable({ features, columns, data: items, getRowId: (i) => i.id });

  const resolve = async (item: Item, choice: ReviewChoice) => {
    const r = await call('sync.resolve', { id: item.id, choice });
    setOpen(null);
    if (!r.ok) announce(`Not settled: ${r.error.message}`);
    else {
      const sides = conflictSides(item);
      announce(
        choice === 'restore' && sides
          ? `Put back "${valueLabel(sides.lost)}" as ${fieldLabel(sides.field)}`
          : `${KIND_LABELS[item.kind]} settled`,
      );
    }
    load();
    setTimeout(() => gridBox.current?.querySelector<HTMLTableElement>('table')?.focus(), 0);
  };

  return (
    <section className="worklist sync-screen" aria-labelledby="sync-title">
      <header className="screen-head">
        <h1 id="sync-title">Clinic sync</h1>
        <button type="button" onClick={() => void syncNow()} disabled={!status?.enrolled}>
          Sync now
        </button>
      </header>
      <dl className="sync-facts">
        <dt>State</dt>
        <dd>{stateLabel(status)}</dd>
        <dt>Changes waiting</dt>
        <dd>{status?.pending ?? 0}</dd>
        <dt>Last synced</dt>
        <dd>{timeLabel(status?.lastSuccessAt ?? null)}</dd>
        <dt>Last problem</dt>
        <dd>{status?.lastError ?? 'none'}</dd>
        {status?.progress && (
          <>
            <dt>First sync</dt>
            <dd>
              {status.progress.done} of {status.progress.total}
            </dd>
          </>
        )}
      </dl>
      {status && !status.enrolled && <EnrollForm canEnroll={me?.role === 'admin'} />}
      <h2 id="sync-review-title">To review</h2>
      <p className="hint">
        <kbd>↑</kbd>
        <kbd>↓</kbd> or <kbd>j</kbd>
        <kbd>k</kbd> move, <kbd>Enter</kbd> opens to pick a side, <kbd>a</kbd> acknowledge, <kbd>r</kbd> use the value
        set aside.
      </p>
      <div ref={gridBox}>
        <VirtualTable
          table={table}
          id="sync-review"
          label="Sync worklist"
          total={items.length}
          active={active}
          onActiveChange={setActive}
          onOpen={setOpen}
          onRowKey={(key, item) => {
            if (key === 'a') void resolve(item, 'acknowledge');
            else if (key === 'r' && conflictSides(item)) void resolve(item, 'restore');
            else return false;
            return true;
          }}
          empty={loaded ? 'Nothing to review: sync settled everything.' : 'Loading…'}
        />
      </div>
      {open && <ResolveDialog item={open} onClose={() => setOpen(null)} onResolve={(c) => void resolve(open, c)} />}
    </section>
  );
}

function ResolveDialog({
  item,
  onClose,
  onResolve,
}: {
  item: Item;
  onClose: () => void;
  onResolve: (choice: ReviewChoice) => void;
}) {
  const sides = conflictSides(item);
  return (
    <Dialog title={`${KIND_LABELS[item.kind]}: ${recordLabel(item.table)}`} onEscape={onClose}>
      <p>{summary(item)}</p>
      <div className="sync-choices">
        {sides ? (
          <>
            <button type="button" data-autofocus onClick={() => onResolve('acknowledge')}>
              Keep &ldquo;{valueLabel(sides.kept)}&rdquo;
            </button>
            <button type="button" onClick={() => onResolve('restore')}>
              Use &ldquo;{valueLabel(sides.lost)}&rdquo; instead
            </button>
          </>
        ) : (
          <button type="button" data-autofocus onClick={() => onResolve('acknowledge')}>
            {item.kind === 'rebook' ? 'Acknowledge (the rebook call is on the worklist)' : 'Acknowledge'}
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
