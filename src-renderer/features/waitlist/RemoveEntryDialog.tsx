import { useId, useState } from 'react';
import { call } from '../../ipc/client';
import { Dialog } from '../schedule/ScheduleDialogs';
import type { WaitlistLine } from './WaitlistScreen';

/**
 * Confirms taking a patient off the waitlist and asks why (the reason stays on the entry,
 * in the audit and in what syncs). Esc keeps the entry.
 */
export function RemoveEntryDialog({
  entry,
  onRemoved,
  onClose,
}: {
  entry: WaitlistLine;
  onRemoved: () => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <Dialog title={`Remove ${entry.patientName} from the waitlist`} onClose={onClose}>
      <p>
        {entry.typeName} · {entry.providers} · {entry.window}. They will no longer be offered freed slots.
      </p>
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void call('schedule.waitlistRemove', { entryId: entry.id, reason }).then((r) =>
            r.ok ? onRemoved() : setError(r.error.fields?.reason ?? r.error.message),
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason for removing</label>
          <input
            id={`${id}-reason`}
            autoFocus
            value={reason}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {error && (
            <span id={`${id}-error`} role="alert" className="error">
              {error}
            </span>
          )}
        </div>
        <div className="form-actions">
          <button type="submit">Remove from waitlist</button>
          <button type="button" onClick={onClose}>
            Keep it <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
