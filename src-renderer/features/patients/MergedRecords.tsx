import { useState } from 'react';
import { displayDate } from '../../../src-shared/dates';
import type { PatientRecord } from '../../../src-shared/patients/records';
import { Dialog } from '../../components/Dialog';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { call } from '../../ipc/client';

type Merge = PatientRecord['merges'][number];

/**
 * On the surviving record's chart: the records merged into it, each one a key press
 * away, and for an admin the undo, which puts back exactly what the merge moved.
 */
export function MergedRecords({
  merges,
  mayUndo,
  onUndone,
}: {
  merges: Merge[];
  mayUndo: boolean;
  onUndone: () => void;
}) {
  const go = useNavigation((s) => s.go);
  const announce = useAnnouncer((s) => s.announce);
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const [error, setError] = useState<string | null>(null);

  const undo = async (merge: Merge) => {
    const result = await call('patients.unmerge', { mergeId: merge.id });
    setUndoing(null);
    if (!result.ok) return setError(result.error.message);
    announce('Merge undone: the merged record is back on its own');
    onUndone();
  };

  return (
    <>
      <ul className="merges">
        {merges.map((m) => {
          const when = displayDate(m.mergedAt.slice(0, 10));
          return (
            <li key={m.id}>
              Merged {when}: {m.reason}{' '}
              <button type="button" onClick={() => go({ name: 'patient', patientId: m.mergedId })}>
                Open the record merged {when}
              </button>{' '}
              {mayUndo && (
                <button type="button" onClick={() => setUndoing(m)}>
                  Undo the merge of {when}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {error && <p role="alert">{error}</p>}
      {undoing && (
        <Dialog title="Undo this merge?" role="alertdialog" onEscape={() => setUndoing(null)}>
          <p>
            The merged record comes back on its own and into search; the visits, tasks and waitlist entries the merge
            moved go back to it. Anything added to this record since stays here.
          </p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => void undo(undoing)}>
              Undo merge
            </button>
            <button type="button" onClick={() => setUndoing(null)}>
              Cancel <kbd>Esc</kbd>
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
