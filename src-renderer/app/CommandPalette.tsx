import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Command } from 'cmdk';
import { displayDate } from '../../src-shared/dates';
import { displayPhone } from '../../src-shared/phone';
import { searchPatientsNow, usePatientSearch } from '../features/patients/usePatientSearch';
import { useNavigation } from './navigation';
import { SCREEN_SHORTCUTS, SHORTCUTS } from './shortcuts';

export interface PaletteAction {
  id: string;
  title: string;
  shortcut?: string;
  run: () => void;
}

/**
 * Ctrl+K: one box that finds patients (by name, date of birth, phone or MRN) and
 * every screen and action, so nothing in CareDesk needs the mouse.
 */
export function CommandPalette({
  open,
  onClose,
  actions,
}: {
  open: boolean;
  onClose: () => void;
  actions: PaletteAction[];
}) {
  return (
    <Command.Dialog
      open={open}
      onOpenChange={(next) => !next && onClose()}
      label="Search patients, screens and actions"
      shouldFilter={false}
      className="palette"
      overlayClassName="palette-overlay"
      contentClassName="palette-content"
    >
      {/* The query lives below the dialog, so a keystroke renders the box and the list, not the dialog
          around them; closing unmounts it, which clears the box. */}
      <PaletteSearch onClose={onClose} actions={actions} />
    </Command.Dialog>
  );
}

function PaletteSearch({ onClose, actions }: { onClose: () => void; actions: PaletteAction[] }) {
  const [query, setQuery] = useState('');
  const { results, searching } = usePatientSearch(query);
  const go = useNavigation((s) => s.go);
  const words = query.trim().toLowerCase();
  const matchingActions = useMemo(() => actions.filter((a) => a.title.toLowerCase().includes(words)), [actions, words]);

  // One handler per kind for every row, stable across renders, so a row whose patient or action is
  // unchanged is not rendered again on a keystroke (decision 0333). cmdk hands it the row's value.
  const latest = useRef({ onClose, go, actions });
  useLayoutEffect(() => {
    latest.current = { onClose, go, actions };
  });
  const openPatient = useCallback((patientId: string) => {
    latest.current.onClose();
    latest.current.go({ name: 'patient', patientId });
  }, []);
  const runAction = useCallback((id: string) => {
    const action = latest.current.actions.find((a) => a.id === id);
    latest.current.onClose();
    action?.run();
  }, []);

  return (
    <>
      <Command.Input
        value={query}
        onValueChange={(next) => {
          if (next.trim()) void searchPatientsNow(next);
          setQuery(next);
        }}
        placeholder="Name, date of birth, phone or MRN — or an action"
        aria-label="Search patients, screens and actions"
      />
      {/* A listbox must hold options, so the "nothing found" message sits outside it. */}
      <p role="status" className="palette-status">
        {searching
          ? 'Searching…'
          : words && results.length === 0 && matchingActions.length === 0
            ? `No patient or action matches “${query}”.`
            : ''}
      </p>
      <Command.List hidden={results.length === 0 && matchingActions.length === 0}>
        {results.length > 0 && (
          <Command.Group heading="Patients">
            {results.map((p) => (
              <PatientOption
                key={p.id}
                id={p.id}
                lastName={p.lastName}
                firstName={p.firstName}
                dateOfBirth={p.dateOfBirth}
                phone={p.phone}
                mrn={p.mrn}
                onOpen={openPatient}
              />
            ))}
          </Command.Group>
        )}
        {matchingActions.length > 0 && (
          <Command.Group heading="Actions">
            {matchingActions.map((a) => (
              <ActionOption key={a.id} id={a.id} title={a.title} shortcut={a.shortcut} onRun={runAction} />
            ))}
          </Command.Group>
        )}
      </Command.List>
    </>
  );
}

/** One patient in the list; its props are the shown fields, so the same patient in the next answer is not rendered again. */
const PatientOption = memo(function PatientOption(props: {
  id: string;
  lastName: string;
  firstName: string;
  dateOfBirth: string;
  phone: string;
  mrn: string;
  onOpen: (id: string) => void;
}) {
  return (
    <Command.Item value={props.id} onSelect={props.onOpen}>
      <span className="result-name">
        {props.lastName}, {props.firstName}
      </span>
      <span className="result-meta">
        DOB {displayDate(props.dateOfBirth)} · {displayPhone(props.phone)} · {props.mrn}
      </span>
    </Command.Item>
  );
});

const ActionOption = memo(function ActionOption(props: {
  id: string;
  title: string;
  shortcut: string | undefined;
  onRun: (id: string) => void;
}) {
  return (
    <Command.Item value={props.id} onSelect={props.onRun}>
      <span>{props.title}</span>
      {props.shortcut && <kbd>{props.shortcut}</kbd>}
    </Command.Item>
  );
});

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return (
    <div className="palette-overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        className="shortcut-help"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Does</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.id}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
            {SCREEN_SHORTCUTS.map((s) => (
              <tr key={`${s.screen}-${s.label}`}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>
                  {s.description} ({s.screen})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose} autoFocus>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
