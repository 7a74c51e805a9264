import './patients.css';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { tinykeys } from 'tinykeys';
import { ageOn, displayDate } from '../../../src-shared/dates';
import { displayPhone } from '../../../src-shared/phone';
import { intakeToFormValues } from '../../../src-shared/patients/intake-form';
import type { PatientRecord } from '../../../src-shared/patients/records';
import { call } from '../../ipc/client';
import { useNavigation } from '../../app/navigation';
import { useSession } from '../session/session-store';
import { chartPanels } from './chart-panels';
import { IntakeForm } from './IntakeForm';
import { MergedRecords } from './MergedRecords';

/**
 * The chart overview: who the patient is, how to reach them, their coverage, the
 * needs their screening raised and their consents, then the panels other features
 * add (appointments, calls, tasks). Opening it is a view, audited by the router.
 * Alt+E edits with the same keyboard form as intake; Alt+M (supervisor, admin)
 * merges another record of the same person into this one.
 */
export function PatientChart({ patientId }: { patientId: string }) {
  const [record, setRecord] = useState<PatientRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const go = useNavigation((s) => s.go);
  const role = useSession((s) => s.session?.user?.role);
  const mayMerge = role === 'supervisor' || role === 'admin';

  const load = useCallback(() => {
    let live = true;
    void call('patients.get', { id: patientId }).then((result) => {
      if (!live) return;
      if (result.ok) setRecord(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [patientId]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!editing) heading.current?.focus();
  }, [record, editing]);
  useEffect(
    () =>
      tinykeys(window, {
        'Alt+KeyE': (e) => {
          if (!record || record.patient.mergedInto) return;
          e.preventDefault();
          setEditing(true);
        },
        'Alt+KeyM': (e) => {
          if (!record || record.patient.mergedInto || !mayMerge) return;
          e.preventDefault();
          go({ name: 'patient-merge', patientId: record.patient.id });
        },
      }),
    [record, mayMerge, go],
  );

  if (error) return <p role="alert">{error}</p>;
  if (!record) return <p aria-busy="true">Loading patient…</p>;
  const { patient, intake } = record;
  const name = `${patient.lastName}, ${patient.firstName}`;

  if (editing) {
    return (
      <IntakeForm
        patient={{
          id: patient.id,
          values: intakeToFormValues(intake),
          name: `${patient.firstName} ${patient.lastName}`,
        }}
        onDone={(saved) => {
          setEditing(false);
          if (saved) load();
        }}
      />
    );
  }

  const { identity, contact, language, people, insurance, care, needs, consents } = intake;
  const openNeeds = record.flaggedNeeds.filter((n) => !n.resolvedAt);
  const address = [
    contact.address.line1,
    contact.address.line2,
    [contact.address.city, contact.address.state, contact.address.postalCode].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  const survivorOf = record.merges.filter((m) => m.survivorId === patient.id && !m.undoneAt);

  return (
    <article className="chart" aria-labelledby="chart-title">
      <h1 id="chart-title" tabIndex={-1} ref={heading}>
        {name}
      </h1>
      {patient.mergedInto && (
        <p role="note" className="merged-note">
          This record was merged into another patient.{' '}
          <button type="button" onClick={() => go({ name: 'patient', patientId: patient.mergedInto! })}>
            Open the surviving record
          </button>
        </p>
      )}
      <p className="form-help">
        <kbd>Alt+E</kbd> edit ·{' '}
        {mayMerge && !patient.mergedInto && (
          <>
            <kbd>Alt+M</kbd> merge with another record ·{' '}
          </>
        )}
        <kbd>Esc</kbd> home
      </p>
      {mayMerge && !patient.mergedInto && (
        <button type="button" onClick={() => go({ name: 'patient-merge', patientId: patient.id })}>
          Merge with another record… <kbd>Alt+M</kbd>
        </button>
      )}
      <div className="chart-grid">
        <Panel title="Demographics">
          <Facts
            rows={[
              ['MRN', patient.mrn],
              ['Date of birth', `${displayDate(patient.dateOfBirth)} (age ${ageOn(patient.dateOfBirth, new Date())})`],
              ['Preferred name', identity.preferredName],
              ['Middle name', identity.middleName],
              ['Sex assigned at birth', identity.sexAtBirth],
              ['Gender identity', identity.genderIdentity],
              ['Pronouns', identity.pronouns],
              ['Language', `${language.preferred}${language.interpreterNeeded ? ' (interpreter needed)' : ''}`],
            ]}
          />
        </Panel>
        <Panel title="Contact">
          <Facts
            rows={[
              ...contact.phones.map((p, i): [string, string] => [
                i === 0 ? 'Phone' : `Phone ${i + 1}`,
                `${displayPhone(p.number)} (${p.type}${p.textOk ? ', texts OK' : ''}${p.voicemailOk ? ', voicemail OK' : ''})`,
              ]),
              ['Email', contact.email],
              ['Address', address || null],
              ['Prefers', contact.preferredMethod],
              ['Best times', contact.preferredTimes],
              ...(['emergency', 'representative'] as const).map((role): [string, string | null] => {
                const p = people[role];
                return [
                  role === 'emergency' ? 'Emergency contact' : capitalise(p.kind ?? 'representative'),
                  p.name
                    ? `${p.name}${p.relationship ? ` (${p.relationship})` : ''}, ${displayPhone(p.phone ?? '')}${p.mayReceiveHealthInfo ? ' · may receive health information' : ' · no health information'}`
                    : null,
                ];
              }),
            ]}
          />
        </Panel>
        <Panel title="Coverage">
          {insurance.primary.payer ? (
            <Facts
              rows={(['primary', 'secondary'] as const).map((rank): [string, string | null] => {
                const c = insurance[rank];
                return [
                  capitalise(rank),
                  c.payer
                    ? `${c.payer}${c.plan ? ` ${c.plan}` : ''} · member ${c.memberId}${c.groupNumber ? ` · group ${c.groupNumber}` : ''}${c.subscriberRelationship && c.subscriberRelationship !== 'self' ? ` · subscriber ${c.subscriberName} (${c.subscriberRelationship})` : ''}`
                    : null,
                ];
              })}
            />
          ) : (
            <p>No coverage on file (self-pay).</p>
          )}
        </Panel>
        <Panel title="Flagged needs">
          {openNeeds.length === 0 ? (
            <p>No social needs flagged.</p>
          ) : (
            <ul className="needs">
              {openNeeds.map((n) => (
                <li key={n.domain}>
                  <strong>{capitalise(n.domain)}</strong>: {n.reason} (since {displayDate(n.flaggedAt.slice(0, 10))})
                </li>
              ))}
            </ul>
          )}
          <Facts
            rows={[
              ['Accessibility', needs.accessibility],
              ['Transport', needs.transport],
            ]}
          />
        </Panel>
        <Panel title="Consents">
          <Facts
            rows={[
              [
                'Privacy notice',
                consents.privacyNotice.given
                  ? `Acknowledged ${displayDate(consents.privacyNotice.date ?? '')}`
                  : 'Not acknowledged',
              ],
              [
                'Consent to treat',
                consents.treatment.given ? `Given ${displayDate(consents.treatment.date ?? '')}` : 'Not given',
              ],
              [
                'Release of information',
                consents.release.to
                  ? `To ${consents.release.to}: ${consents.release.what} · signed ${displayDate(consents.release.date ?? '')} · expires ${displayDate(consents.release.expires ?? '')}`
                  : 'None',
              ],
            ]}
          />
        </Panel>
        <Panel title="Care">
          <Facts
            rows={[
              ['Primary care provider', care.primaryCareProvider],
              ['Referral source', care.referralSource],
              ['Reason for contact', care.reasonForContact],
            ]}
          />
        </Panel>
        {chartPanels().map(({ id, title, Panel: Body }) => (
          <Panel key={id} title={title}>
            <Body patientId={patient.id} />
          </Panel>
        ))}
        {survivorOf.length > 0 && (
          <Panel title="Merged records">
            <MergedRecords merges={survivorOf} mayUndo={role === 'admin'} onUndone={() => load()} />
          </Panel>
        )}
      </div>
    </article>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const id = `panel-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="chart-panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Label/value pairs; rows without a value are left out rather than shown blank. */
function Facts({ rows }: { rows: Array<[string, string | null | undefined]> }) {
  const shown = rows.filter(([, v]) => v);
  if (shown.length === 0) return null;
  return (
    <dl className="facts">
      {shown.map(([label, value]) => (
        <div key={label} className="fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
