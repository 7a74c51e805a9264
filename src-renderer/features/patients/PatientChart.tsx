import { useEffect, useRef, useState } from 'react';
import type { Patient } from '../../../src-shared/patients/schemas';
import { ageOn, displayDate } from '../../../src-shared/dates';
import { displayPhone } from '../../../src-shared/phone';
import { call } from '../../ipc/client';

/** The chart overview: who the patient is. Opening it is a view, and audited as one. */
export function PatientChart({ patientId }: { patientId: string }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    void call('patients.get', { id: patientId }).then((result) => {
      if (!live) return;
      if (result.ok) setPatient(result.value);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [patientId]);
  useEffect(() => heading.current?.focus(), [patient]);

  if (error) return <p role="alert">{error}</p>;
  if (!patient) return <p aria-busy="true">Loading patient…</p>;
  return (
    <article className="chart" aria-labelledby="chart-title">
      <h1 id="chart-title" tabIndex={-1} ref={heading}>
        {patient.lastName}, {patient.firstName}
      </h1>
      <dl className="facts">
        <dt>MRN</dt>
        <dd>{patient.mrn}</dd>
        <dt>Date of birth</dt>
        <dd>
          {displayDate(patient.dateOfBirth)} (age {ageOn(patient.dateOfBirth, new Date())})
        </dd>
        <dt>Phone</dt>
        <dd>{displayPhone(patient.phone)}</dd>
      </dl>
    </article>
  );
}
