import { useId, useState } from 'react';
import { displayDate } from '../../../src-shared/dates';
import { displayPhone } from '../../../src-shared/phone';
import type { DuplicateCandidate } from '../../../src-shared/patients/records';
import { Dialog } from '../../components/Dialog';

const MIN_REASON = 5;

/**
 * Shown before a patient is created when similar patients are on file: who they are,
 * how alike (score and reasons), and the two ways on: open the existing patient, or
 * create anyway with a reason that is kept with the new record.
 */
export function DuplicateDialog({
  candidates,
  onOpen,
  onCreateAnyway,
  onBack,
}: {
  candidates: DuplicateCandidate[];
  onOpen: (patientId: string) => void;
  onCreateAnyway: (reason: string) => void;
  onBack: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <Dialog
      title="This patient may already be registered"
      role="alertdialog"
      onEscape={onBack}
      describedBy={`${id}-intro`}
    >
      <p id={`${id}-intro`}>
        {candidates.length === 1 ? 'A similar patient is' : `${candidates.length} similar patients are`} on file. Open
        the existing record, or create a new one and say why it is a different person.
      </p>
      <ul className="duplicates" aria-label="Similar patients">
        {candidates.map((c, i) => (
          <li key={c.patient.id}>
            <div className="duplicate-who">
              <strong>
                {c.patient.lastName}, {c.patient.firstName}
              </strong>{' '}
              · DOB {displayDate(c.patient.dateOfBirth)} · {displayPhone(c.patient.phone)} · {c.patient.mrn}
            </div>
            <div className="duplicate-why">
              {c.level === 'likely' ? 'Likely the same person' : 'Possibly the same person'} (score {c.score}):{' '}
              {c.reasons.join(', ')}
            </div>
            <button type="button" data-autofocus={i === 0 ? true : undefined} onClick={() => onOpen(c.patient.id)}>
              Open {c.patient.firstName} {c.patient.lastName}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="create-anyway"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim().length < MIN_REASON) {
            setError('Say why this is a different person (at least 5 characters)');
            return;
          }
          onCreateAnyway(reason.trim());
        }}
      >
        <div className="field wide">
          <label htmlFor={`${id}-reason`}>Why is this a different person?</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            value={reason}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-reason-error` : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          {error && (
            <span id={`${id}-reason-error`} className="error" role="alert">
              {error}
            </span>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit">Create anyway</button>
          <button type="button" onClick={onBack}>
            Back to the form <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
