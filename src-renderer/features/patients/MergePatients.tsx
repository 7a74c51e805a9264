import './patients.css';
import { useEffect, useId, useRef, useState } from 'react';
import { displayDate } from '../../../src-shared/dates';
import { displayPhone } from '../../../src-shared/phone';
import type { PatientRecord } from '../../../src-shared/patients/records';
import { Dialog } from '../../components/Dialog';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { call } from '../../ipc/client';
import { PatientPicker, type PickedPatient } from './PatientPicker';

const MIN_REASON = 5;

/**
 * Merging two records of one person (supervisor or admin): pick the other record,
 * see both side by side, choose the one that survives, say why, confirm. The merged
 * record is kept and links to the survivor; visits, tasks and waitlist entries move
 * to the survivor; an admin can undo it from the survivor's chart.
 */
export function MergePatients({ patientId }: { patientId: string }) {
  const id = useId();
  const go = useNavigation((s) => s.go);
  const announce = useAnnouncer((s) => s.announce);
  const heading = useRef<HTMLHeadingElement>(null);
  const [here, setHere] = useState<PatientRecord | null>(null);
  const [picked, setPicked] = useState<PickedPatient | null>(null);
  const [other, setOther] = useState<PatientRecord | null>(null);
  const [keep, setKeep] = useState<'here' | 'other'>('here');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ field: 'other' | 'reason' | 'form'; message: string } | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void call('patients.get', { id: patientId }).then((r) =>
      r.ok ? setHere(r.value) : setProblem({ field: 'form', message: r.error.message }),
    );
  }, [patientId]);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    setOther(null);
    if (!picked) return;
    if (picked.id === patientId) {
      setProblem({ field: 'other', message: 'That is this record; choose the other record of this patient' });
      return;
    }
    let live = true;
    void call('patients.get', { id: picked.id }).then((r) => {
      if (!live) return;
      if (r.ok) setOther(r.value);
      else setProblem({ field: 'other', message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [picked, patientId]);

  if (problem?.field === 'form') return <p role="alert">{problem.message}</p>;
  if (!here) return <p aria-busy="true">Loading patient…</p>;
  const survivor = keep === 'here' ? here : other;
  const merged = keep === 'here' ? other : here;

  const merge = async () => {
    if (!survivor || !merged) return;
    const result = await call('patients.merge', {
      survivorId: survivor.patient.id,
      mergedId: merged.patient.id,
      reason: reason.trim(),
    });
    setConfirming(false);
    if (!result.ok) {
      setProblem({ field: result.error.fields?.reason ? 'reason' : 'other', message: result.error.message });
      return;
    }
    announce(`Merged ${nameOf(merged)} (${merged.patient.mrn}) into ${nameOf(survivor)} (${survivor.patient.mrn})`);
    go({ name: 'patient', patientId: survivor.patient.id });
  };

  return (
    <section className="merge" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} tabIndex={-1} ref={heading}>
        Merge records of {nameOf(here)}
      </h1>
      <p className="form-help">
        Find the other record of this person, compare the two, choose the one to keep and say why. The other record
        stays on file and links to the one kept. <kbd>Esc</kbd> leaves without merging.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!other) return setProblem({ field: 'other', message: 'Choose the other record of this patient' });
          if (reason.trim().length < MIN_REASON)
            return setProblem({ field: 'reason', message: 'Say why these are the same person (at least 5 characters)' }); // prettier-ignore
          setConfirming(true);
        }}
      >
        <PatientPicker
          label="The other record"
          value={picked}
          autoFocus
          error={problem?.field === 'other' ? problem.message : undefined}
          onChange={(p) => {
            setPicked(p);
            setProblem(null);
          }}
        />
        {other && (
          <>
            <Comparison here={here} other={other} />
            <fieldset className="keep-choice">
              <legend>Which record is kept?</legend>
              {(['here', 'other'] as const).map((side) => {
                const r = side === 'here' ? here : other;
                return (
                  <label key={side}>
                    <input type="radio" name={`${id}-keep`} checked={keep === side} onChange={() => setKeep(side)} />{' '}
                    Keep {nameOf(r)} ({r.patient.mrn})
                  </label>
                );
              })}
            </fieldset>
          </>
        )}
        <div className="field wide">
          <label htmlFor={`${id}-reason`}>Why are these the same person?</label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            value={reason}
            aria-invalid={problem?.field === 'reason' ? true : undefined}
            aria-describedby={problem?.field === 'reason' ? `${id}-reason-error` : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              if (problem?.field === 'reason') setProblem(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
          {problem?.field === 'reason' && (
            <span id={`${id}-reason-error`} className="error" role="alert">
              {problem.message}
            </span>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit">
            Merge records… <kbd>Ctrl+Enter</kbd>
          </button>
          <button type="button" onClick={() => go({ name: 'patient', patientId })}>
            Back to the chart
          </button>
        </div>
      </form>
      {confirming && survivor && merged && (
        <Dialog title="Merge these records?" role="alertdialog" onEscape={() => setConfirming(false)}>
          <p>
            <strong>
              {nameOf(merged)} ({merged.patient.mrn})
            </strong>{' '}
            will be merged into{' '}
            <strong>
              {nameOf(survivor)} ({survivor.patient.mrn})
            </strong>
            . Its visits, tasks and waitlist entries move to the record kept; its calls and details stay on it, and it
            leaves search. An admin can undo this.
          </p>
          <div className="dialog-actions">
            <button type="button" data-autofocus onClick={() => void merge()}>
              Merge
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel <kbd>Esc</kbd>
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/** The two records side by side, a row per fact; rows where they differ are marked. */
function Comparison({ here, other }: { here: PatientRecord; other: PatientRecord }) {
  const rows: Array<[string, (r: PatientRecord) => string]> = [
    ['MRN', (r) => r.patient.mrn],
    ['Name', (r) => `${r.intake.identity.lastName}, ${r.intake.identity.firstName} ${r.intake.identity.middleName ?? ''}`.trim()], // prettier-ignore
    ['Preferred name', (r) => r.intake.identity.preferredName ?? ''],
    ['Date of birth', (r) => displayDate(r.patient.dateOfBirth)],
    ['Sex assigned at birth', (r) => r.intake.identity.sexAtBirth ?? ''],
    ['Phones', (r) => r.intake.contact.phones.map((p) => displayPhone(p.number)).join(', ')],
    ['Email', (r) => r.intake.contact.email ?? ''],
    ['Address', (r) => [r.intake.contact.address.line1, r.intake.contact.address.city, r.intake.contact.address.postalCode].filter(Boolean).join(', ')], // prettier-ignore
    ['Language', (r) => r.intake.language.preferred],
    ['Primary coverage', (r) => [r.intake.insurance.primary.payer, r.intake.insurance.primary.memberId].filter(Boolean).join(' · ')], // prettier-ignore
    ['Primary care provider', (r) => r.intake.care.primaryCareProvider ?? ''],
    ['Registered', (r) => displayDate(r.patient.createdAt.slice(0, 10))],
  ];
  return (
    <table className="merge-compare">
      <caption>The two records side by side</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">This record</th>
          <th scope="col">The other record</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, value]) => {
          const [a, b] = [value(here), value(other)];
          return (
            <tr key={label} className={a !== b ? 'differs' : undefined}>
              <th scope="row">{label}</th>
              <td>{a || '—'}</td>
              <td>{b || '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const nameOf = (r: PatientRecord) => `${r.patient.firstName} ${r.patient.lastName}`;
