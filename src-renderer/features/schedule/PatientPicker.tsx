import { useId, useState } from 'react';
import type { Patient } from '../../../src-shared/patients/schemas';
import { displayDate } from '../../../src-shared/dates';
import { usePatientSearch } from '../patients/usePatientSearch';

/**
 * Choose a patient as you type (name, date of birth, phone or MRN): arrows pick,
 * Enter chooses. Once chosen, the name shows with a Change button.
 */
export function PatientPicker({
  patient,
  onPick,
  autoFocus = false,
}: {
  patient: Patient | null;
  onPick: (p: Patient | null) => void;
  autoFocus?: boolean;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const { results, searching } = usePatientSearch(patient ? '' : query);
  const id = useId();
  if (patient) {
    return (
      <p className="chosen">
        Patient: <strong>{`${patient.lastName}, ${patient.firstName}`}</strong> · DOB {displayDate(patient.dateOfBirth)}{' '}
        <button type="button" onClick={() => onPick(null)}>
          Change
        </button>
      </p>
    );
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-patient`}>Patient</label>
      <input
        id={`${id}-patient`}
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={`${id}-results`}
        aria-activedescendant={results[active] ? `${id}-p-${active}` : undefined}
        aria-autocomplete="list"
        autoComplete="off"
        autoFocus={autoFocus}
        value={query}
        placeholder="Name, date of birth, phone or MRN"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && !e.ctrlKey && results[active]) onPick(results[active]);
          else return;
          e.preventDefault();
        }}
      />
      <span className="hint" role="status">
        {searching ? 'Searching…' : query && results.length === 0 ? 'No patient found' : ''}
      </span>
      <ul id={`${id}-results`} role="listbox" aria-label="Patients found" className="patient-results">
        {results.map((p, i) => (
          <li
            key={p.id}
            id={`${id}-p-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              onPick(p);
            }}
          >
            {p.lastName}, {p.firstName} · DOB {displayDate(p.dateOfBirth)}
          </li>
        ))}
      </ul>
    </div>
  );
}
