import { useEffect, useId, useRef, useState } from 'react';
import {
  addDays,
  displayDay,
  displayTime,
  fromIso,
  localDate,
  todayIn,
} from '../../../src-shared/schedule/clinic-time';
import type { ClinicSetup, Slot } from '../../../src-shared/schedule/schemas';
import { RecordTable } from '../../components/RecordTable';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { LocationSelect, ProviderSelect, VisitTypeSelect } from './ClinicChoices';
import { BookingDialog } from './ScheduleDialogs';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * Find next available: one search across providers and locations, filtered by time
 * of day, weekdays, dates, language, telehealth and payer; every result books.
 */
export function FindNextAvailable() {
  const announce = useAnnouncer((a) => a.announce);
  const [setup, setSetup] = useState<ClinicSetup | null>(null);
  const [form, setForm] = useState({
    typeId: '',
    providerIds: [] as string[],
    locationIds: [] as string[],
    fromDate: '',
    toDate: '',
    timeFrom: '',
    timeTo: '',
    daysOfWeek: [] as number[],
    language: '',
    payer: '',
    telehealthOnly: false,
  });
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [booking, setBooking] = useState<Slot | null>(null);
  const id = useId();
  const resultsRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    void call('schedule.setup', {}).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setSetup(r.value);
      const today = todayIn(r.value.timeZone);
      setForm((f) => ({ ...f, typeId: r.value.types[0]?.id ?? '', fromDate: today, toDate: addDays(today, 90) }));
    });
  }, []);

  if (!setup) return <p role="status">{error ?? 'Loading…'}</p>;
  const zone = setup.timeZone;
  const name = (pid: string) => setup.providers.find((p) => p.id === pid)?.name ?? pid;
  const place = (lid: string) => setup.locations.find((l) => l.id === lid)?.name ?? lid;
  /** `refresh`: the list again after a booking, without announcing over "Booked…". */
  const search = async (refresh = false) => {
    const result = await call('schedule.findNext', {
      typeId: form.typeId,
      providerIds: form.providerIds,
      locationIds: form.locationIds,
      fromDate: form.fromDate,
      toDate: form.toDate,
      ...(form.timeFrom && form.timeTo ? { timeOfDay: { from: form.timeFrom, to: form.timeTo } } : {}),
      daysOfWeek: form.daysOfWeek,
      ...(form.language ? { language: form.language } : {}),
      ...(form.payer ? { payer: form.payer } : {}),
      telehealthOnly: form.telehealthOnly,
      limit: 10,
    });
    if (!result.ok) {
      setError(Object.values(result.error.fields ?? {})[0] ?? result.error.message);
      return;
    }
    setError(null);
    setSlots(result.value);
    // Keyboard users land on the first result's Book button.
    setTimeout(() => resultsRef.current?.querySelector('button')?.focus(), 0);
    if (!refresh) announce(result.value.length ? `${result.value.length} open slots found` : 'No open slot matches');
  };

  return (
    <section aria-labelledby={`${id}-title`} className="find-next">
      <h1 id={`${id}-title`}>Find next available</h1>
      <form
        className="schedule-form find-form"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void search();
          }
        }}
      >
        <VisitTypeSelect
          types={setup.types}
          autoFocus
          value={form.typeId}
          onChange={(typeId) => setForm({ ...form, typeId })}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={form.telehealthOnly}
            onChange={(e) => setForm({ ...form, telehealthOnly: e.target.checked })}
          />{' '}
          Telehealth only
        </label>
        <ProviderSelect
          label="Providers (none chosen = all)"
          providers={setup.providers}
          details
          multiple
          size={4}
          value={form.providerIds}
          onChange={(providerIds) => setForm({ ...form, providerIds })}
        />
        <LocationSelect
          label="Locations (none chosen = all)"
          locations={setup.locations}
          multiple
          size={3}
          value={form.locationIds}
          onChange={(locationIds) => setForm({ ...form, locationIds })}
        />
        <div className="field">
          <label htmlFor={`${id}-language`}>Provider language</label>
          <input
            id={`${id}-language`}
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-payer`}>Accepted payer</label>
          <input id={`${id}-payer`} value={form.payer} onChange={(e) => setForm({ ...form, payer: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From date</label>
          <input
            id={`${id}-from`}
            type="date"
            value={form.fromDate}
            onChange={(e) => setForm({ ...form, fromDate: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To date</label>
          <input
            id={`${id}-to`}
            type="date"
            value={form.toDate}
            onChange={(e) => setForm({ ...form, toDate: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-tfrom`}>Earliest time</label>
          <input
            id={`${id}-tfrom`}
            type="time"
            value={form.timeFrom}
            onChange={(e) => setForm({ ...form, timeFrom: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-tto`}>Latest end</label>
          <input
            id={`${id}-tto`}
            type="time"
            value={form.timeTo}
            onChange={(e) => setForm({ ...form, timeTo: e.target.value })}
          />
        </div>
        <fieldset className="days">
          <legend>Days of week (none = any)</legend>
          {DAYS.map((d, i) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={form.daysOfWeek.includes(i)}
                onChange={(e) =>
                  setForm({
                    ...form,
                    daysOfWeek: e.target.checked ? [...form.daysOfWeek, i] : form.daysOfWeek.filter((x) => x !== i),
                  })
                }
              />{' '}
              {d}
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button type="submit">
            Search <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {slots && (
        <RecordTable
          ref={resultsRef}
          label="Open slots"
          records={slots}
          recordKey={(slot) => `${slot.providerId}${slot.startsAt}`}
          columns={[
            {
              header: 'When',
              cell: (slot) =>
                `${displayDay(localDate(fromIso(slot.startsAt), zone))}, ${displayTime(fromIso(slot.startsAt), zone)}`,
            },
            { header: 'Provider', cell: (slot) => name(slot.providerId) },
            { header: 'Location', cell: (slot) => place(slot.locationId) },
          ]}
          actions={{
            header: 'Book',
            cell: (slot) => (
              <button
                type="button"
                onClick={() => setBooking(slot)}
                aria-label={`Book ${name(slot.providerId)}, ${displayTime(fromIso(slot.startsAt), zone)}`}
              >
                Book
              </button>
            ),
          }}
          empty="No open slot matches; widen the dates or the filters."
        />
      )}
      {booking && (
        <BookingDialog
          setup={setup}
          target={{ ...booking, typeId: form.typeId }}
          onClose={() => setBooking(null)}
          onBooked={(a) => {
            setBooking(null);
            announce(
              `Booked with ${name(a.providerId)} at ${displayTime(fromIso(a.startsAt), zone)}, tentative until the hub confirms`,
            );
            void search(true);
          }}
        />
      )}
    </section>
  );
}
