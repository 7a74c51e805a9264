import { useEffect, useRef, useState } from 'react';
import type { CallerMatchResult } from '../../../src-shared/calls/contract';
import type { CallAppointment } from '../../../src-shared/calls/schemas';
import {
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  CALL_REASONS,
  CALLER_KINDS,
  CALLER_LABELS,
  DIRECTION_LABELS,
  OUTCOME_LABELS,
  REASON_LABELS,
  newCallSchema,
} from '../../../src-shared/calls/schemas';
import { formatDuration } from '../../../src-shared/calls/duration';
import { displayDate } from '../../../src-shared/dates';
import { normalizePhone, displayPhone } from '../../../src-shared/phone';
import { fieldErrors } from '../../../src-shared/validation';
import { KIND_LABELS } from '../../../src-shared/tasks/schemas';
import { call } from '../../ipc/client';
import { useActiveForm } from '../../app/active-form';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { PatientPicker } from '../patients/PatientPicker';
import { useCallDraft, type CallDraft } from './draft';
import { dueLabel, fromLocalInput, localTime } from './labels';
import './calls.css';

/** Outcomes that leave a task behind, so the entry offers a due time for it. */
const FOLLOW_UP = new Set(['callback_needed', 'message_taken']);

/**
 * Logging a call while it happens: Ctrl+L (or a screen pop) starts it with a running
 * timer, the number finds the patient, and Ctrl+S logs it with whatever task it
 * leaves behind.
 */
export function CallEntry() {
  const draft = useCallDraft((s) => s.draft);
  const start = useCallDraft((s) => s.start);
  useEffect(() => {
    if (!draft) start();
  }, [draft, start]);
  return draft ? <CallEntryForm draft={draft} /> : null;
}

function CallEntryForm({ draft }: { draft: CallDraft }) {
  const update = useCallDraft((s) => s.update);
  const clear = useCallDraft((s) => s.clear);
  const go = useNavigation((s) => s.go);
  const announce = useAnnouncer((s) => s.announce);
  const setSave = useActiveForm((s) => s.setSave);
  const [elapsed, setElapsed] = useState(0);
  const [match, setMatch] = useState<CallerMatchResult | null>(null);
  const [check, setCheck] = useState<{ allowed: boolean; message: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [visits, setVisits] = useState<CallAppointment[]>([]);
  const phoneInput = useRef<HTMLInputElement>(null);
  const reasonSelect = useRef<HTMLSelectElement>(null);
  const patientGroup = useRef<HTMLFieldSetElement>(null);
  const matchedFor = useRef<string | null>(null);
  // Where focus goes once the match is on screen (the radios do not exist until then).
  const [focusNext, setFocusNext] = useState<'patient' | 'reason' | null>(null);
  useEffect(() => {
    if (focusNext === 'patient') patientGroup.current?.querySelector('input')?.focus();
    if (focusNext === 'reason') reasonSelect.current?.focus();
    if (focusNext) setFocusNext(null);
  }, [focusNext]);

  useEffect(() => {
    const tick = () => setElapsed(Math.round((Date.now() - Date.parse(draft.startedAt)) / 1000));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [draft.startedAt]);

  const lookUp = async (text: string, moveOn: boolean) => {
    const phone = normalizePhone(text);
    if (text.trim() && !phone) {
      setErrors((e) => ({ ...e, phone: 'Enter a valid phone number, such as (617) 555-0123' }));
      return;
    }
    matchedFor.current = text;
    const r = await call('calls.matchCaller', { phone: text });
    if (!r.ok || matchedFor.current !== text) return;
    setErrors(({ phone: _gone, ...rest }) => rest);
    setMatch(r.value);
    const found = r.value.candidates;
    const current = useCallDraft.getState().draft;
    // One patient on the number: assume it is them; a shared phone: the coordinator picks.
    if (found.length === 1 && current && !current.patientId)
      update({ patientId: found[0]!.patientId, callerKind: 'patient' });
    if (found.length === 0 && current?.callerKind === 'patient') update({ patientId: null, callerKind: 'unknown' });
    if (phone) update({ phoneText: displayPhone(phone) });
    announce(
      found.length === 0
        ? 'No patient has this number'
        : found.length === 1
          ? `Caller matches ${found[0]!.name}`
          : `${found.length} patients share this number: choose one`,
    );
    if (moveOn) setFocusNext(found.length > 1 ? 'patient' : 'reason');
  };

  // A screen pop or a resumed draft looks the number up at once.
  useEffect(() => {
    if (draft.phoneText) void lookUp(draft.phoneText, true);
    else phoneInput.current?.focus();
    // Only on opening the entry.
  }, []);

  // The patient's visits, so the call can be linked to one; a link to another patient's visit is dropped.
  useEffect(() => {
    let live = true;
    if (!draft.patientId) setVisits([]);
    else
      void call('calls.appointmentsFor', { patientId: draft.patientId }).then((r) => {
        if (!live) return;
        const list = r.ok ? r.value : [];
        setVisits(list);
        const linked = useCallDraft.getState().draft?.appointmentId;
        if (linked && !list.some((v) => v.id === linked)) update({ appointmentId: '' });
      });
    return () => {
      live = false;
    };
  }, [draft.patientId, update]);

  useEffect(() => {
    if (!draft.patientId) {
      setCheck(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      void call('calls.checkCaller', {
        patientId: draft.patientId!,
        callerKind: draft.callerKind,
        callerName: draft.callerName,
      }).then((r) => live && setCheck(r.ok ? r.value : null));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [draft.patientId, draft.callerKind, draft.callerName]);

  const save = async () => {
    if (saving) return;
    const input = {
      direction: draft.direction,
      phone: draft.phoneText,
      patientId: draft.patientId,
      callerKind: draft.callerKind,
      callerName: draft.callerName,
      reason: draft.reason,
      outcome: draft.outcome,
      notes: draft.notes,
      startedAt: draft.startedAt,
      endedAt: new Date().toISOString(),
      appointmentId: draft.appointmentId,
      referralId: draft.referralId,
      followUpDue: fromLocalInput(draft.followUpDue),
    };
    const parsed = newCallSchema.safeParse(input);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      setErrors(fields);
      focusFirstError(fields);
      announce('Not logged: some fields need attention');
      return;
    }
    setSaving(true);
    const r = await call('calls.log', { ...input, reason: parsed.data.reason, outcome: parsed.data.outcome });
    setSaving(false);
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      focusFirstError(r.error.fields ?? {});
      announce(`Not logged: ${r.error.message}`);
      return;
    }
    clear();
    const tasks = r.value.tasks.map((t) => `${KIND_LABELS[t.kind]} task due ${dueLabel(t.dueAt)}`).join('; ');
    announce(`Call logged${tasks ? `. ${tasks}` : ''}`);
    go({ name: 'call', callId: r.value.call.id });
  };

  useEffect(() => {
    setSave(() => void save());
    return () => setSave(null);
  });

  const focusFirstError = (fields: Record<string, string>) => {
    const first = Object.keys(fields)[0];
    if (!first) return;
    if (first === 'patientId') patientGroup.current?.querySelector('input')?.focus();
    else document.getElementById(`call-${first}`)?.focus();
  };

  const err = (key: string) => errors[key];
  const described = (key: string, hint?: boolean) =>
    [hint ? `call-${key}-hint` : '', err(key) ? `call-${key}-error` : ''].filter(Boolean).join(' ') || undefined;
  const ErrorText = ({ field }: { field: string }) =>
    err(field) ? (
      <span id={`call-${field}-error`} className="error" role="alert">
        {err(field)}
      </span>
    ) : null;
  const candidates = match?.candidates ?? [];
  const needsName = !['patient', 'unknown'].includes(draft.callerKind);

  return (
    <form
      className="form call-entry"
      aria-labelledby="call-entry-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <header className="screen-head">
        <h1 id="call-entry-title">{draft.popped ? 'Incoming call' : 'Log a call'}</h1>
        <p className="timer">
          Call time{' '}
          <span role="timer" aria-label="Call time">
            {formatDuration(elapsed)}
          </span>
        </p>
      </header>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="call-direction">Direction</label>
          <select
            id="call-direction"
            value={draft.direction}
            onChange={(e) => update({ direction: e.target.value as CallDraft['direction'] })}
          >
            {CALL_DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {DIRECTION_LABELS[d]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="call-phone">Phone</label>
          <input
            id="call-phone"
            ref={phoneInput}
            type="tel"
            value={draft.phoneText}
            aria-invalid={err('phone') ? true : undefined}
            aria-describedby={described('phone', true)}
            onChange={(e) => update({ phoneText: e.target.value })}
            onBlur={(e) => e.target.value.trim() && void lookUp(e.target.value, false)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void lookUp(draft.phoneText, true);
              }
            }}
          />
          <span id="call-phone-hint" className="hint">
            Empty when the number was withheld
          </span>
          <ErrorText field="phone" />
        </div>
      </div>

      <fieldset className="caller-match" ref={patientGroup} aria-describedby={described('patientId')}>
        <legend>Patient</legend>
        {!match && <p className="hint">Type the number and press Enter to find the patient, or find them by name.</p>}
        {candidates.length > 1 && <p className="hint">{candidates.length} patients share this number: choose one.</p>}
        {candidates.map((c) => (
          <label key={c.patientId} className="candidate">
            <input
              type="radio"
              name="call-patient"
              checked={draft.patientId === c.patientId}
              onChange={() =>
                update(
                  // A person's number: most likely that person calling for the patient.
                  c.via.kind === 'person'
                    ? {
                        patientId: c.patientId,
                        pickedPatient: null,
                        callerKind: 'family',
                        callerName: c.via.personName,
                      }
                    : {
                        patientId: c.patientId,
                        pickedPatient: null,
                        callerKind: draft.callerKind === 'unknown' ? 'patient' : draft.callerKind,
                      },
                )
              }
            />
            {c.name} · DOB {displayDate(c.dateOfBirth)} · {c.mrn}
            {c.via.kind === 'person' && (
              <span className="hint">
                {' '}
                · number of {c.via.personName} ({c.via.relationship})
              </span>
            )}
          </label>
        ))}
        {candidates.length > 0 && (
          <label className="candidate">
            <input
              type="radio"
              name="call-patient"
              checked={draft.patientId === null}
              onChange={() =>
                update({
                  patientId: null,
                  pickedPatient: null,
                  callerKind: draft.callerKind === 'patient' ? 'unknown' : draft.callerKind,
                })
              }
            />
            None of these
          </label>
        )}
        {/* A withheld number, a different phone, an outbound call: find the patient by name.
            Hidden while one of the number's patients is chosen, to keep Tab short on a match. */}
        {(candidates.length === 0 || draft.patientId === null || draft.pickedPatient) && (
          <PatientPicker
            label={candidates.length > 0 ? 'Or find another patient' : 'Find the patient'}
            value={draft.pickedPatient}
            onChange={(p) =>
              update(
                p
                  ? {
                      patientId: p.id,
                      pickedPatient: p,
                      callerKind: draft.callerKind === 'unknown' ? 'patient' : draft.callerKind,
                    }
                  : {
                      patientId: null,
                      pickedPatient: null,
                      callerKind: draft.callerKind === 'patient' ? 'unknown' : draft.callerKind,
                    },
              )
            }
          />
        )}
        {match && candidates.length === 0 && !draft.pickedPatient && (
          <p className="unknown-caller">
            {match.phone ? 'No patient has this number.' : 'No number to match.'}{' '}
            <button type="button" onClick={() => go({ name: 'new-patient' })}>
              New patient for this caller
            </button>{' '}
            <span className="hint">This call stays open: press Ctrl+L to come back to it.</span>
          </p>
        )}
        <ErrorText field="patientId" />
      </fieldset>

      <div className="form-grid">
        <div className="field">
          <label htmlFor="call-callerKind">Caller</label>
          <select
            id="call-callerKind"
            value={draft.callerKind}
            onChange={(e) => update({ callerKind: e.target.value as CallDraft['callerKind'] })}
          >
            {CALLER_KINDS.map((k) => (
              <option key={k} value={k}>
                {CALLER_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        {needsName && (
          <div className="field">
            <label htmlFor="call-callerName">Caller's name</label>
            <input
              id="call-callerName"
              value={draft.callerName}
              autoComplete="off"
              aria-invalid={err('callerName') ? true : undefined}
              aria-describedby={described('callerName')}
              onChange={(e) => update({ callerName: e.target.value })}
            />
            <ErrorText field="callerName" />
          </div>
        )}
      </div>
      {check &&
        (check.allowed ? (
          <p className="disclosure ok">{check.message}</p>
        ) : (
          <p className="disclosure warning" role="alert">
            <strong>Do not share health information.</strong> {check.message}
          </p>
        ))}

      <div className="form-grid">
        <div className="field">
          <label htmlFor="call-reason">Reason</label>
          <select
            id="call-reason"
            ref={reasonSelect}
            value={draft.reason}
            aria-invalid={err('reason') ? true : undefined}
            aria-describedby={described('reason')}
            onChange={(e) => update({ reason: e.target.value as CallDraft['reason'] })}
          >
            <option value="">Choose…</option>
            {CALL_REASONS.map((r) => (
              <option key={r} value={r}>
                {REASON_LABELS[r]}
              </option>
            ))}
          </select>
          <ErrorText field="reason" />
        </div>
        <div className="field">
          <label htmlFor="call-outcome">Outcome</label>
          <select
            id="call-outcome"
            value={draft.outcome}
            aria-invalid={err('outcome') ? true : undefined}
            aria-describedby={described('outcome')}
            onChange={(e) => update({ outcome: e.target.value as CallDraft['outcome'] })}
          >
            <option value="">Choose…</option>
            {CALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {OUTCOME_LABELS[o]}
              </option>
            ))}
          </select>
          <ErrorText field="outcome" />
        </div>
      </div>
      <div className="field">
        <label htmlFor="call-notes">Notes</label>
        <textarea
          id="call-notes"
          rows={4}
          value={draft.notes}
          aria-invalid={err('notes') ? true : undefined}
          aria-describedby={described('notes')}
          onChange={(e) => update({ notes: e.target.value })}
        />
        <ErrorText field="notes" />
      </div>
      {FOLLOW_UP.has(draft.outcome) && (
        <div className="field">
          <label htmlFor="call-followUpDue">Follow up by</label>
          <input
            id="call-followUpDue"
            type="datetime-local"
            value={draft.followUpDue}
            aria-describedby={described('followUpDue', true)}
            onChange={(e) => update({ followUpDue: e.target.value })}
          />
          <span id="call-followUpDue-hint" className="hint">
            Empty: within 2 hours (4 for a clinical question)
          </span>
          <ErrorText field="followUpDue" />
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="call-appointmentId">Appointment (optional)</label>
          <select
            id="call-appointmentId"
            value={draft.appointmentId}
            disabled={!draft.patientId}
            onChange={(e) => update({ appointmentId: e.target.value })}
          >
            <option value="">
              {!draft.patientId
                ? 'Choose the patient first'
                : visits.length > 0
                  ? 'None'
                  : 'No visits in the last 60 or next 120 days'}
            </option>
            {visits.map((v) => (
              <option key={v.id} value={v.id}>
                {localTime(v.startsAt)} · {v.providerName} · {v.typeName} ({v.status})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="call-referralId">Referral number (optional)</label>
          <input
            id="call-referralId"
            value={draft.referralId}
            onChange={(e) => update({ referralId: e.target.value })}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={saving}>
          Log call <kbd>Ctrl+S</kbd>
        </button>{' '}
        <button
          type="button"
          onClick={() => {
            clear();
            announce('Call entry discarded');
            go({ name: 'home' });
          }}
        >
          Discard
        </button>
      </div>
    </form>
  );
}
