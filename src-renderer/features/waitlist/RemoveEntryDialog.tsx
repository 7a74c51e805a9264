import { call } from '../../ipc/client';
import { ReasonDialog } from '../schedule/ScheduleDialogs';
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
  return (
    <ReasonDialog
      title={`Remove ${entry.patientName} from the waitlist`}
      label="Reason for removing"
      submitLabel="Remove from waitlist"
      submit={(reason) => call('schedule.waitlistRemove', { entryId: entry.id, reason })}
      onDone={onRemoved}
      onClose={onClose}
    >
      <p>
        {entry.typeName} · {entry.providers} · {entry.window}. They will no longer be offered freed slots.
      </p>
    </ReasonDialog>
  );
}
