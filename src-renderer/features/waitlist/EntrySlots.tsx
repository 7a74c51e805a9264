import { useEffect, useState } from 'react';
import { displayDay, displayTime, fromIso, localDate, todayIn } from '../../../src-shared/schedule/clinic-time';
import type { Appointment, ClinicSetup, Slot } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { BookingDialog, Dialog } from '../schedule/ScheduleDialogs';
import type { WaitlistLine } from './WaitlistScreen';

/**
 * The first open slots that fit a waitlist entry (its visit type, providers and window, from
 * today), found with find next available; Enter on one opens the booking for the entry's patient,
 * which fulfils the entry (as booking a freed slot from its offer does). Esc from the booking
 * comes back to the slots.
 */
export function EntrySlots({
  setup,
  entry,
  onBooked,
  onClose,
}: {
  setup: ClinicSetup;
  entry: WaitlistLine;
  onBooked: (appointment: Appointment) => void;
  onClose: () => void;
}) {
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [booking, setBooking] = useState<Slot | null>(null);
  const zone = setup.timeZone;

  useEffect(() => {
    const today = todayIn(zone);
    const fromDate = entry.earliestDate > today ? entry.earliestDate : today;
    if (entry.latestDate < fromDate) return setSlots([]);
    void call('schedule.findNext', {
      typeId: entry.typeId,
      providerIds: entry.providerIds,
      fromDate,
      toDate: entry.latestDate,
      limit: 5,
    }).then((r) => (r.ok ? setSlots(r.value) : setError(r.error.message)));
  }, [entry, zone]);

  if (booking)
    return (
      <BookingDialog
        setup={setup}
        target={{ ...booking, typeId: entry.typeId }}
        waitlist={{ entryId: entry.id, patient: { id: entry.patientId, name: entry.patientName } }}
        onClose={() => setBooking(null)}
        onBooked={onBooked}
      />
    );
  const when = (s: Slot) => {
    const start = fromIso(s.startsAt);
    return `${displayDay(localDate(start, zone))} at ${displayTime(start, zone)}`;
  };
  const provider = (id: string) => setup.providers.find((p) => p.id === id)?.name ?? 'Provider';
  return (
    <Dialog title={`Earlier visits for ${entry.patientName}`} onClose={onClose}>
      <p>
        {entry.typeName} · {entry.providers} · {entry.window}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {slots === null && !error && <p role="status">Finding open slots…</p>}
      {slots?.length === 0 && <p role="status">No open slot fits this entry yet.</p>}
      {slots && slots.length > 0 && (
        <ul aria-label="Open slots that fit" className="waitlist-offers">
          {slots.map((s, i) => (
            <li key={`${s.providerId}-${s.startsAt}`}>
              {provider(s.providerId)}, {when(s)}{' '}
              <button
                type="button"
                autoFocus={i === 0}
                aria-label={`Book ${entry.patientName} with ${provider(s.providerId)}, ${when(s)}`}
                onClick={() => setBooking(s)}
              >
                Book
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
