import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { displayDay, displayTime, fromIso, localDate } from '../../../src-shared/schedule/clinic-time';
import type { WaitlistOffer } from '../../../src-shared/schedule/contract';
import type { Appointment, AppointmentView, ClinicSetup, Conflict } from '../../../src-shared/schedule/schemas';
import type { Result } from '../../../src-shared/errors';
import { call } from '../../ipc/client';
import { PatientPicker, type PickedPatient } from '../patients/PatientPicker';
import { VisitTypeSelect } from './ClinicChoices';

/** A modal dialog (native <dialog>): focus stays inside, Esc closes it and goes no further. */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="schedule-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => e.key === 'Escape' && e.stopPropagation()}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </dialog>
  );
}

export function ConflictList({ conflicts }: { conflicts: readonly Conflict[] }) {
  if (conflicts.length === 0) return null;
  return (
    <div role="alert" className="conflicts">
      <strong>Conflicts</strong>
      <ul>
        {conflicts.map((c) => (
          <li key={c.reason}>
            {c.reason}
            {!c.overridable && ' (cannot be overridden)'}
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface BookingTarget {
  providerId: string;
  locationId: string;
  startsAt: string;
  typeId?: string;
}

/**
 * Book at a slot: find the patient as you type (arrows pick, Enter chooses), choose
 * the visit type, see the conflicts before saving, Ctrl+Enter books. From a waitlist
 * offer the patient is already chosen and the booking fulfils their entry.
 */
export function BookingDialog({
  setup,
  target,
  waitlist,
  onBooked,
  onClose,
}: {
  setup: ClinicSetup;
  target: BookingTarget;
  /** The waitlist entry this booking fulfils (a freed slot offered to its patient). */
  waitlist?: { entryId: string; patient: PickedPatient };
  /** The booked appointment (the first of a series, with how many were booked). */
  onBooked: (a: Appointment, count?: number) => void;
  onClose: () => void;
}) {
  const provider = setup.providers.find((p) => p.id === target.providerId)!;
  const location = setup.locations.find((l) => l.id === target.locationId) ?? setup.locations[0]!;
  const types = setup.types.filter(
    (t) => t.allowedProviderIds.length === 0 || t.allowedProviderIds.includes(provider.id),
  );
  const [patient, setPatient] = useState<PickedPatient | null>(waitlist?.patient ?? null);
  const [typeId, setTypeId] = useState(
    target.typeId ?? types.find((t) => t.name === 'Follow-up')?.id ?? types[0]?.id ?? '',
  );
  const [reason, setReason] = useState('');
  const [interpreter, setInterpreter] = useState(false);
  const [language, setLanguage] = useState('English');
  const [transport, setTransport] = useState(false);
  const [override, setOverride] = useState('');
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [everyWeeks, setEveryWeeks] = useState(0);
  const [count, setCount] = useState(6);
  const [seriesConflicts, setSeriesConflicts] = useState<{ startsAt: string; reasons: string[] }[]>([]);
  const typeRef = useRef<HTMLSelectElement>(null);
  const id = useId();
  const zone = setup.timeZone;
  const start = fromIso(target.startsAt);

  const request = patient && {
    patientId: patient.id,
    providerId: provider.id,
    typeId,
    locationId: location.id,
    startsAt: target.startsAt,
    reason,
    interpreterNeeded: interpreter,
    language,
    transportNeeded: transport,
  };
  const requestKey = JSON.stringify(request);
  useEffect(() => {
    if (!request) return setConflicts([]);
    let live = true;
    void call('schedule.check', request).then((r) => live && r.ok && setConflicts(r.value));
    return () => {
      live = false;
    };
  }, [requestKey]);

  const hard = conflicts.some((c) => !c.overridable);
  const book = async () => {
    if (!request) return setError('Choose a patient first');
    if (hard) return setError('This slot cannot be booked; choose another');
    if (everyWeeks > 0) return bookSeries(request);
    const withOverride = conflicts.length ? { ...request, override: { reason: override } } : request;
    const result = waitlist
      ? await call('schedule.bookFromWaitlist', { ...withOverride, waitlistEntryId: waitlist.entryId })
      : await call('schedule.book', withOverride);
    if (result.ok) return onBooked(result.value);
    // A reason too short for an override belongs to its field; anything else to the form.
    const reasonError = result.error.fields?.['override.reason'];
    setOverrideError(reasonError ?? null);
    setError(reasonError ? null : result.error.message);
  };
  // A series books every date or none: the dates that conflict are listed to choose another time.
  const bookSeries = async (first: NonNullable<typeof request>) => {
    const result = await call('schedule.bookSeries', { first, everyWeeks, count });
    if (!result.ok) return setError(Object.values(result.error.fields ?? {})[0] ?? result.error.message);
    setSeriesConflicts(result.value.conflicts);
    if (result.value.booked[0]) onBooked(result.value.booked[0], result.value.booked.length);
    else setError(`Nothing was booked: ${result.value.conflicts.length} of ${count} dates conflict`);
  };
  const pick = (p: PickedPatient) => {
    setPatient(p);
    setTimeout(() => typeRef.current?.focus(), 0);
  };

  return (
    <Dialog
      title={`Book with ${provider.name}, ${displayDay(localDate(start, zone))} at ${displayTime(start, zone)}`}
      onClose={onClose}
    >
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void book();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void book();
          }
        }}
      >
        {waitlist ? (
          <p className="chosen-patient">
            Patient: <strong>{waitlist.patient.name}</strong> (from the waitlist)
          </p>
        ) : (
          <PatientPicker label="Patient" value={patient} onChange={(p) => (p ? pick(p) : setPatient(null))} autoFocus />
        )}
        <VisitTypeSelect
          types={types}
          details
          ref={typeRef}
          autoFocus={waitlist !== undefined}
          value={typeId}
          onChange={setTypeId}
        />
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason for visit</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="checks">
          <label>
            <input type="checkbox" checked={interpreter} onChange={(e) => setInterpreter(e.target.checked)} />{' '}
            Interpreter needed
          </label>
          <label>
            <input type="checkbox" checked={transport} onChange={(e) => setTransport(e.target.checked)} /> Transport
            needed
          </label>
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>Preferred language</label>
          <input id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)} />
        </div>
        {!waitlist && (
          <fieldset className="series">
            <legend>Repeat (a series books every date or none)</legend>
            <label htmlFor={`${id}-repeat`}>Repeat every</label>
            <select id={`${id}-repeat`} value={everyWeeks} onChange={(e) => setEveryWeeks(Number(e.target.value))}>
              <option value={0}>does not repeat</option>
              <option value={1}>week</option>
              <option value={2}>2 weeks</option>
              <option value={4}>4 weeks</option>
            </select>
            {everyWeeks > 0 && (
              <>
                <label htmlFor={`${id}-count`}>Number of visits</label>
                <input
                  id={`${id}-count`}
                  type="number"
                  min={2}
                  max={52}
                  value={count}
                  onChange={(e) => setCount(Number(e.target.value))}
                />
              </>
            )}
          </fieldset>
        )}
        <ConflictList conflicts={conflicts} />
        {seriesConflicts.length > 0 && (
          <div role="alert" className="conflicts">
            <strong>These dates of the series conflict</strong>
            <ul aria-label="Dates that conflict">
              {seriesConflicts.map((c) => (
                <li key={c.startsAt}>
                  {displayDay(localDate(fromIso(c.startsAt), zone))}, {displayTime(fromIso(c.startsAt), zone)}:{' '}
                  {c.reasons.join('; ')}
                </li>
              ))}
            </ul>
          </div>
        )}
        {conflicts.length > 0 && !hard && everyWeeks === 0 && (
          <div className="field">
            <label htmlFor={`${id}-override`}>Override reason (supervisors)</label>
            <input
              id={`${id}-override`}
              value={override}
              aria-invalid={overrideError ? true : undefined}
              aria-describedby={overrideError ? `${id}-override-error` : undefined}
              onChange={(e) => setOverride(e.target.value)}
            />
            {overrideError && (
              <span id={`${id}-override-error`} role="alert" className="error">
                {overrideError}
              </span>
            )}
          </div>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={hard}>
            Book <kbd>Ctrl+Enter</kbd>
          </button>
          <button type="button" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Cancelling needs a reason; a slot freed this way is offered to matching waitlist patients. */
export function CancelDialog({
  appointment,
  onCancelled,
  onClose,
}: {
  appointment: AppointmentView;
  onCancelled: (offers: WaitlistOffer[]) => void;
  onClose: () => void;
}) {
  return (
    <ReasonDialog
      title={`Cancel ${appointment.patientName}'s appointment`}
      label="Reason for cancelling"
      submitLabel="Cancel appointment"
      submit={(reason) => call('schedule.cancel', { appointmentId: appointment.id, reason })}
      onDone={(value) => onCancelled(value.waitlistOffers)}
      onClose={onClose}
    />
  );
}

/**
 * Asks why before a step the record keeps a reason for (a cancellation, a removal from
 * the waitlist): the reason is required, and the main process's answer about it is
 * shown at the field. Esc keeps things as they were.
 */
export function ReasonDialog<T>({
  title,
  children,
  label,
  submitLabel,
  submit,
  onDone,
  onClose,
}: {
  title: string;
  /** What the step touches, said above the reason. */
  children?: ReactNode;
  label: string;
  submitLabel: string;
  submit: (reason: string) => Promise<Result<T>>;
  onDone: (value: T) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit(reason).then((r) =>
            r.ok ? onDone(r.value) : setError(r.error.fields?.reason ?? r.error.message),
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reason`}>{label}</label>
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
          <button type="submit">{submitLabel}</button>
          <button type="button" onClick={onClose}>
            Keep it <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function EditDialog({
  appointment,
  onSaved,
  onClose,
}: {
  appointment: AppointmentView;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [form, setForm] = useState({
    reason: appointment.reason,
    notes: appointment.notes,
    interpreterNeeded: appointment.interpreterNeeded,
    language: appointment.language,
    transportNeeded: appointment.transportNeeded,
  });
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <Dialog title={`Edit ${appointment.patientName}'s appointment`} onClose={onClose}>
      <form
        className="schedule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void call('schedule.edit', { appointmentId: appointment.id, ...form }).then((r) =>
            r.ok ? onSaved() : setError(r.error.message),
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-reason`}>Reason for visit</label>
          <input
            id={`${id}-reason`}
            autoFocus
            value={form.reason}
            onChange={(e) => setForm({ ...form, reason: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <textarea
            id={`${id}-notes`}
            value={form.notes}
            onChange={(e) => setForm({ ...form, notes: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-language`}>Preferred language</label>
          <input
            id={`${id}-language`}
            value={form.language}
            onChange={(e) => setForm({ ...form, language: e.target.value })}
          />
        </div>
        <div className="checks">
          <label>
            <input
              type="checkbox"
              checked={form.interpreterNeeded}
              onChange={(e) => setForm({ ...form, interpreterNeeded: e.target.checked })}
            />{' '}
            Interpreter needed
          </label>
          <label>
            <input
              type="checkbox"
              checked={form.transportNeeded}
              onChange={(e) => setForm({ ...form, transportNeeded: e.target.checked })}
            />{' '}
            Transport needed
          </label>
        </div>
        {appointment.telehealthUrl && <p>Telehealth link: {appointment.telehealthUrl}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit">Save</button>
          <button type="button" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A reschedule that met a soft conflict: say why, and let someone allowed override with a reason. */
export function MoveConflictDialog({
  conflicts,
  message,
  onOverride,
  onClose,
}: {
  conflicts: Conflict[];
  message: string;
  onOverride: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const hard = conflicts.some((c) => !c.overridable);
  const id = useId();
  return (
    <Dialog title="The appointment was not moved" onClose={onClose}>
      {conflicts.length ? <ConflictList conflicts={conflicts} /> : <p role="alert">{message}</p>}
      {!hard && (
        <form
          className="schedule-form"
          onSubmit={(e) => {
            e.preventDefault();
            onOverride(reason);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-override`}>Override reason (supervisors)</label>
            <input id={`${id}-override`} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit">Move anyway</button>
        </form>
      )}
      <button type="button" onClick={onClose} autoFocus={hard}>
        Close <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
