import { useId, useRef, useState } from 'react';
import type { Patient } from '../../../src-shared/patients/schemas';
import { displayDate } from '../../../src-shared/dates';
import { searchPatientsNow, usePatientSearch } from './usePatientSearch';

/** A patient as a form holds it once chosen: the id it saves and the name it shows. */
export interface PickedPatient {
  id: string;
  name: string;
}

export const pickedFrom = (p: Patient): PickedPatient => ({ id: p.id, name: `${p.lastName}, ${p.firstName}` });

/**
 * Finding a patient inside a form: type a name, date of birth, phone or MRN; arrows
 * move through what matches, Enter chooses. Once chosen, the name shows with a
 * Change button that brings the search back. A combobox (ARIA 1.2) so a screen
 * reader hears the matches as they arrive.
 */
export function PatientPicker({
  label,
  value,
  onChange,
  error,
  autoFocus = false,
}: {
  label: string;
  value: PickedPatient | null;
  onChange: (patient: PickedPatient | null) => void;
  error?: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const { results, searching } = usePatientSearch(value ? '' : query);
  const input = useRef<HTMLInputElement>(null);
  const change = useRef<HTMLButtonElement>(null);

  if (value)
    return (
      <p className="chosen-patient">
        {label}: <strong>{value.name}</strong>{' '}
        <button
          type="button"
          ref={change}
          aria-label={`Change patient (now ${value.name})`}
          onClick={() => {
            onChange(null);
            setQuery('');
            // The search box replaces this button; focus follows it.
            setTimeout(() => input.current?.focus(), 0);
          }}
        >
          Change
        </button>
      </p>
    );

  const choose = (p: Patient) => {
    onChange(pickedFrom(p));
    // The search box goes away: focus lands on Change, unless the form has already
    // moved it on to its next field.
    setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) change.current?.focus();
    }, 0);
  };
  return (
    <div className="field patient-picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        ref={input}
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={`${id}-results`}
        aria-activedescendant={results[active] ? `${id}-p-${active}` : undefined}
        aria-autocomplete="list"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-status${error ? ` ${id}-error` : ''}`}
        autoComplete="off"
        autoFocus={autoFocus}
        value={query}
        placeholder="Name, date of birth, phone or MRN"
        onChange={(e) => {
          if (!value && e.target.value.trim()) void searchPatientsNow(e.target.value);
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && results[active]) choose(results[active]);
          // Enter on a search that found nobody must not submit the form around it.
          else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && query.trim()) return e.preventDefault();
          else return;
          e.preventDefault();
        }}
      />
      {/* A polite live region, not role=status: the app shell's announcer is the page's one status. */}
      <span id={`${id}-status`} className="hint" aria-live="polite">
        {searching ? 'Searching…' : query.trim() && results.length === 0 ? 'No patient found' : ''}
      </span>
      {error && (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      )}
      <ul id={`${id}-results`} role="listbox" aria-label="Patients found" className="patient-results">
        {results.map((p, i) => (
          <li
            key={p.id}
            id={`${id}-p-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(p);
            }}
          >
            {p.lastName}, {p.firstName} · DOB {displayDate(p.dateOfBirth)} · {p.mrn}
          </li>
        ))}
      </ul>
    </div>
  );
}
