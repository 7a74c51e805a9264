import { useEffect, useId, useRef, useState } from 'react';
import { displayDay, displayTime, fromIso, localDate } from '../../../src-shared/schedule/clinic-time';
import type { Appointment, AppointmentView, ClinicSetup, Slot } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { Dialog } from './ScheduleDialogs';

/**
 * "Follow up in N weeks with the same provider": proposes the provider's first open
 * slots from that week on, for the same visit type; Enter on one books it.
 */
export function FollowUpDialog({
  setup,
  appointment,
  onBooked,
  onClose,
}: {
  setup: ClinicSetup;
  appointment: AppointmentView;
  onBooked: (a: Appointment) => void;
  onClose: () => void;
}) {
  const [weeks, setWeeks] = useState(4);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const zone = setup.timeZone;
  const provider = setup.providers.find((p) => p.id === appointment.providerId)?.name ?? 'the same provider';
  // Keyboard users land on the first proposal as soon as the list is drawn.
  useEffect(() => list.current?.querySelector('button')?.focus(), [slots]);
  const when = (s: Slot) => {
    const t = fromIso(s.startsAt);
    return `${displayDay(localDate(t, zone))}, ${displayTime(t, zone)}`;
  };

  const propose = async () => {
    const result = await call('schedule.followUp', { appointmentId: appointment.id, weeks, limit: 5 });
    if (!result.ok) return setError(Object.values(result.error.fields ?? {})[0] ?? result.error.message);
    setError(result.value.length ? null : `${provider} has no open slot in that week; try another`);
    setSlots(result.value);
  };
  const book = async (slot: Slot) => {
    const result = await call('schedule.book', {
      patientId: appointment.patientId,
      providerId: slot.providerId,
      typeId: appointment.typeId,
      locationId: slot.locationId,
      startsAt: slot.startsAt,
      reason: `Follow-up in ${weeks} weeks`,
      interpreterNeeded: appointment.interpreterNeeded,
      language: appointment.language,
      transportNeeded: appointment.transportNeeded,
    });
    if (result.ok) onBooked(result.value);
    else setError(result.error.message);
  };

  return (
    <Dialog title={`Follow-up for ${appointment.patientName} with ${provider}`} onClose={onClose}>
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void propose();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-weeks`}>Follow up in (weeks)</label>
          <input
            id={`${id}-weeks`}
            type="number"
            min={1}
            max={104}
            autoFocus
            value={weeks}
            onChange={(e) => setWeeks(Number(e.target.value))}
          />
        </div>
        <button type="submit">
          Propose slots <kbd>Enter</kbd>
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {slots && slots.length > 0 && (
        <ul ref={list} className="slot-choices" aria-label="Proposed follow-up slots">
          {slots.map((s) => (
            <li key={s.startsAt}>
              <button type="button" onClick={() => void book(s)}>
                Book {when(s)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onClose}>
        Close <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
