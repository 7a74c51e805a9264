import { useEffect, useId, useRef, useState } from 'react';
import { addDays, displayDay, displayTime, fromIso, todayIn } from '../../../src-shared/schedule/clinic-time';
import type { ClinicSetup, Slot } from '../../../src-shared/schedule/schemas';
import { call } from '../../ipc/client';
import { useAnnouncer } from '../../app/announcer';
import { PatientPicker, type PickedPatient } from '../patients/PatientPicker';
import { LocationSelect, VisitTypeSelect } from './ClinicChoices';

/**
 * Visits coordinated on one day: a lab draw, then the provider, back to back (up to
 * three visits), found together and booked together in one transaction.
 */
export function CoordinatedVisits() {
  const announce = useAnnouncer((a) => a.announce);
  const [setup, setSetup] = useState<ClinicSetup | null>(null);
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [form, setForm] = useState({ date: '', locationId: '', legs: ['', '', ''], maxGapMinutes: 15 });
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const bookRef = useRef<HTMLButtonElement>(null);
  const dateRef = useRef<HTMLInputElement>(null);
  // Keyboard users land on "Book these visits" as soon as the chain is drawn.
  useEffect(() => bookRef.current?.focus(), [slots]);
  const id = useId();

  useEffect(() => {
    void call('schedule.setup', {}).then((r) => {
      if (!r.ok) return setError(r.error.message);
      const s = r.value;
      setSetup(s);
      const lab = s.types.find((t) => /lab/i.test(t.name)) ?? s.types[0];
      const visit = s.types.find((t) => t.id !== lab?.id && /follow/i.test(t.name)) ?? s.types[1];
      setForm((f) => ({
        ...f,
        date: addDays(todayIn(s.timeZone), 1),
        // Where the first visit's providers work (the lab), so the default finds something.
        locationId:
          s.providers.find((p) => !lab || lab.allowedProviderIds.length === 0 || lab.allowedProviderIds.includes(p.id))
            ?.locationIds[0] ??
          s.locations[0]?.id ??
          '',
        legs: [lab?.id ?? '', visit?.id ?? '', ''],
      }));
    });
  }, []);
  if (!setup) return <p role="status">{error ?? 'Loading…'}</p>;
  const zone = setup.timeZone;
  const typeName = (tid: string) => setup.types.find((t) => t.id === tid)?.name ?? 'Visit';
  const providerName = (pid: string) => setup.providers.find((p) => p.id === pid)?.name ?? pid;
  const legs = form.legs.filter(Boolean);

  const run = async (book: boolean) => {
    if (!patient) return setError('Choose a patient first');
    if (legs.length < 2) return setError('Choose at least two visits');
    const result = await call('schedule.coordinated', {
      patientId: patient.id,
      date: form.date,
      locationId: form.locationId,
      legs: legs.map((typeId) => ({ typeId, providerIds: [] })),
      maxGapMinutes: form.maxGapMinutes,
      book,
    });
    if (!result.ok) return setError(Object.values(result.error.fields ?? {})[0] ?? result.error.message);
    if (result.value.slots.length === 0) {
      setSlots(null);
      return setError(`No back-to-back times on ${displayDay(form.date)}; try another day or a longer gap`);
    }
    setError(null);
    if (book) {
      setSlots(null);
      announce(
        `Booked ${result.value.booked.length} visits for ${patient.name} on ${displayDay(form.date)} from ${displayTime(fromIso(result.value.booked[0]!.startsAt), zone)}, tentative until the hub confirms`,
      );
      return;
    }
    setSlots(result.value.slots);
  };

  return (
    <section aria-labelledby={`${id}-title`} className="find-next">
      <h1 id={`${id}-title`}>Same-day visits</h1>
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void run(false);
          }
        }}
      >
        <PatientPicker
          label="Patient"
          value={patient}
          onChange={(p) => {
            setPatient(p);
            // The picker's box goes away once a patient is chosen: carry on at the date.
            if (p) setTimeout(() => dateRef.current?.focus(), 0);
          }}
          autoFocus
        />
        <div className="field">
          <label htmlFor={`${id}-date`}>Date</label>
          <input
            id={`${id}-date`}
            ref={dateRef}
            type="date"
            value={form.date}
            onChange={(e) => setForm({ ...form, date: e.target.value })}
          />
        </div>
        <LocationSelect
          locations={setup.locations}
          value={form.locationId}
          onChange={(locationId) => setForm({ ...form, locationId })}
        />
        {['First visit', 'Then', 'Then (optional)'].map((label, i) => (
          <VisitTypeSelect
            key={label}
            label={label}
            types={setup.types}
            details
            value={form.legs[i] ?? ''}
            {...(i === 2 ? { blank: 'No third visit' } : {})}
            onChange={(typeId) => setForm({ ...form, legs: form.legs.map((x, j) => (j === i ? typeId : x)) })}
          />
        ))}
        <div className="field">
          <label htmlFor={`${id}-gap`}>Longest wait between visits (minutes)</label>
          <input
            id={`${id}-gap`}
            type="number"
            min={0}
            max={120}
            value={form.maxGapMinutes}
            onChange={(e) => setForm({ ...form, maxGapMinutes: Number(e.target.value) })}
          />
        </div>
        <div className="form-actions">
          <button type="submit">
            Find back-to-back times <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {slots && (
        <>
          <ol aria-label="Visits back to back">
            {slots.map((s, i) => (
              <li key={s.startsAt}>
                {displayTime(fromIso(s.startsAt), zone)}–{displayTime(fromIso(s.endsAt), zone)}:{' '}
                {typeName(legs[i] ?? '')} with {providerName(s.providerId)}
              </li>
            ))}
          </ol>
          <button type="button" ref={bookRef} onClick={() => void run(true)}>
            Book these {slots.length} visits
          </button>
        </>
      )}
    </section>
  );
}
