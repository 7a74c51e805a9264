import { useState } from 'react';
import { displayPhone } from '../../../src-shared/phone';
import { displayDay, displayTime, fromIso, localDate } from '../../../src-shared/schedule/clinic-time';
import type { WaitlistOffer } from '../../../src-shared/schedule/contract';
import type { Appointment, AppointmentView, ClinicSetup } from '../../../src-shared/schedule/schemas';
import { BookingDialog, Dialog } from './ScheduleDialogs';

/**
 * Who to call about a freed slot: the waitlist entries that match it, in the order they
 * joined. Book (Enter on a patient's button) opens the booking for that patient at the
 * freed time, with the usual conflict checks; booking fulfils their waitlist entry.
 * Esc from the booking comes back to the list (they did not answer: call the next).
 */
export function WaitlistOffers({
  setup,
  freed,
  offers,
  onBooked,
  onClose,
}: {
  setup: ClinicSetup;
  /** The cancelled appointment whose time is offered. */
  freed: AppointmentView;
  offers: readonly WaitlistOffer[];
  onBooked: (appointment: Appointment, offer: WaitlistOffer) => void;
  onClose: () => void;
}) {
  const [booking, setBooking] = useState<WaitlistOffer | null>(null);
  const zone = setup.timeZone;
  const start = fromIso(freed.startsAt);
  const when = `${displayDay(localDate(start, zone))} at ${displayTime(start, zone)}`;
  const provider = setup.providers.find((p) => p.id === freed.providerId)?.name ?? 'the provider';

  if (booking)
    return (
      <BookingDialog
        setup={setup}
        target={{
          providerId: freed.providerId,
          locationId: freed.locationId,
          startsAt: freed.startsAt,
          typeId: booking.typeId,
        }}
        waitlist={{ entryId: booking.id, patient: { id: booking.patientId, name: booking.patientName } }}
        onClose={() => setBooking(null)}
        onBooked={(a) => onBooked(a, booking)}
      />
    );
  return (
    <Dialog title="Offer the freed slot" onClose={onClose}>
      <p>
        {when} with {provider} is free. These waitlist patients want an earlier visit like it; call them in this order
        and book the one who takes it:
      </p>
      <ul aria-label="Waitlist patients to call" className="waitlist-offers">
        {offers.map((o, i) => (
          <li key={o.id}>
            {o.patientName} · {o.patientPhone ? displayPhone(o.patientPhone) : 'no phone on file'}
            {o.notes && ` · ${o.notes}`}{' '}
            <button
              type="button"
              autoFocus={i === 0}
              aria-label={`Book ${o.patientName} ${when}`}
              onClick={() => setBooking(o)}
            >
              Book
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>
        Done <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
