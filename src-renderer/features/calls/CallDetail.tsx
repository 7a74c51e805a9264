import { useEffect, useRef, useState } from 'react';
import {
  CALLER_LABELS,
  DIRECTION_LABELS,
  OUTCOME_LABELS,
  REASON_LABELS,
  newAddendumSchema,
  type CallDetail as Detail,
  type CallVisit,
} from '../../../src-shared/calls/schemas';
import { displayDay, displayTime, fromIso, localDate } from '../../../src-shared/schedule/clinic-time';
import type { AppointmentStatus } from '../../../src-shared/schedule/schemas';
import { formatDuration } from '../../../src-shared/calls/duration';
import { displayPhone } from '../../../src-shared/phone';
import { fieldErrors } from '../../../src-shared/validation';
import { call } from '../../ipc/client';
import { useActiveForm } from '../../app/active-form';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { STATUS_LABELS } from '../schedule/grid-model';
import { useSchedule } from '../schedule/store';
import { localTime } from './labels';
import './calls.css';

/** One call as logged, never edited, with its addenda; a correction is written as a new addendum. */
export function CallDetail({ callId }: { callId: string }) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const announce = useAnnouncer((s) => s.announce);
  const setSave = useActiveForm((s) => s.setSave);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = () =>
    void call('calls.get', { id: callId }).then((r) => (r.ok ? setDetail(r.value) : setError(r.error.message)));
  useEffect(load, [callId]);
  useEffect(() => heading.current?.focus(), [detail?.id]);

  const addAddendum = async () => {
    const parsed = newAddendumSchema.safeParse({ callId, text });
    if (!parsed.success) {
      setTextError(fieldErrors(parsed.error).text ?? 'Write the correction');
      document.getElementById('addendum-text')?.focus();
      return;
    }
    const r = await call('calls.addAddendum', parsed.data);
    if (!r.ok) {
      setTextError(r.error.fields?.text ?? r.error.message);
      return;
    }
    setText('');
    setTextError(null);
    announce(`Addendum added by ${r.value.authorName}`);
    load();
  };
  useEffect(() => {
    setSave(() => void addAddendum());
    return () => setSave(null);
  });

  if (error) return <p role="alert">{error}</p>;
  if (!detail) return <p aria-busy="true">Loading call…</p>;
  return (
    <article className="call-detail" aria-labelledby="call-title">
      <h1 id="call-title" tabIndex={-1} ref={heading}>
        {DIRECTION_LABELS[detail.direction]} call, {localTime(detail.startedAt)}
      </h1>
      <dl className="facts">
        <dt>Patient</dt>
        <dd>{detail.patientName ?? 'None linked'}</dd>
        <dt>Phone</dt>
        <dd>{detail.phone ? displayPhone(detail.phone) : 'Withheld'}</dd>
        <dt>Caller</dt>
        <dd>
          {CALLER_LABELS[detail.callerKind]}
          {detail.callerName ? `: ${detail.callerName}` : ''}
        </dd>
        <dt>Reason</dt>
        <dd>{REASON_LABELS[detail.reason]}</dd>
        <dt>Outcome</dt>
        <dd>{OUTCOME_LABELS[detail.outcome]}</dd>
        <dt>Length</dt>
        <dd>{formatDuration(detail.durationSeconds)}</dd>
        <dt>Logged by</dt>
        <dd>{detail.coordinatorName}</dd>
        {detail.appointmentId && (
          <>
            <dt>Visit</dt>
            <dd>
              <LinkedVisit visit={detail.visit} />
            </dd>
          </>
        )}
        {detail.referralId && (
          <>
            <dt>Referral</dt>
            <dd>{detail.referralId}</dd>
          </>
        )}
        <dt>Notes</dt>
        <dd className="notes">{detail.notes || '—'}</dd>
      </dl>
      <section aria-labelledby="addenda-title">
        <h2 id="addenda-title">Addenda</h2>
        {detail.addenda.length === 0 ? (
          <p className="hint">None. The entry above is as it was logged.</p>
        ) : (
          <ol className="addenda">
            {detail.addenda.map((a) => (
              <li key={a.id}>
                <p className="addendum-meta">
                  {a.authorName}, {localTime(a.at)}
                </p>
                <p className="notes">{a.text}</p>
              </li>
            ))}
          </ol>
        )}
        <form
          className="addendum-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void addAddendum();
          }}
        >
          <div className="field">
            <label htmlFor="addendum-text">Add a correction or addendum</label>
            <textarea
              id="addendum-text"
              rows={3}
              value={text}
              aria-invalid={textError ? true : undefined}
              aria-describedby={textError ? 'addendum-error' : undefined}
              onChange={(e) => setText(e.target.value)}
            />
            {textError && (
              <span id="addendum-error" className="error" role="alert">
                {textError}
              </span>
            )}
          </div>
          <button type="submit">
            Add addendum <kbd>Ctrl+S</kbd>
          </button>
        </form>
      </section>
    </article>
  );
}

/**
 * The linked visit as a coordinator reads it: its day and time in the clinic's zone (the
 * zone named, as the workstation may sit elsewhere), provider, type and status, and a
 * button that opens that day on the schedule.
 */
function LinkedVisit({ visit }: { visit: CallVisit | null }) {
  const go = useNavigation((s) => s.go);
  if (!visit) return <>A visit not on this workstation yet (it arrives with the next sync)</>;
  const at = fromIso(visit.startsAt);
  const day = localDate(at, visit.timeZone);
  const status = STATUS_LABELS[visit.status as AppointmentStatus] ?? visit.status;
  return (
    <span className="linked-visit">
      <span>
        {displayDay(day)}, {displayTime(at, visit.timeZone, true)} · {visit.providerName || 'No provider'} ·{' '}
        {visit.typeName || 'Visit'} ({status})
      </span>{' '}
      <button
        type="button"
        onClick={() => {
          useSchedule.getState().setDate(day);
          go({ name: 'schedule' });
        }}
      >
        Show that day on the schedule
      </button>
    </span>
  );
}
