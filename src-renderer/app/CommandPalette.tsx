import { useState } from 'react';
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
  const [query, setQuery] = useState('');
  const { results, searching } = usePatientSearch(query);
  const go = useNavigation((s) => s.go);
  const matchingActions = actions.filter((a) => a.title.toLowerCase().includes(query.trim().toLowerCase()));

  const close = () => {
    setQuery('');
    onClose();
  };
  return (
    <Command.Dialog
      open={open}
      onOpenChange={(next) => !next && close()}
      label="Search patients, screens and actions"
      shouldFilter={false}
      className="palette"
      overlayClassName="palette-overlay"
      contentClassName="palette-content"
    >
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
          : query.trim() && results.length === 0 && matchingActions.length === 0
            ? `No patient or action matches “${query}”.`
            : ''}
      </p>
      <Command.List hidden={results.length === 0 && matchingActions.length === 0}>
        {results.length > 0 && (
          <Command.Group heading="Patients">
            {results.map((p) => (
              <Command.Item
                key={p.id}
                value={p.id}
                onSelect={() => {
                  close();
                  go({ name: 'patient', patientId: p.id });
                }}
              >
                <span className="result-name">
                  {p.lastName}, {p.firstName}
                </span>
                <span className="result-meta">
                  DOB {displayDate(p.dateOfBirth)} · {displayPhone(p.phone)} · {p.mrn}
                </span>
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {matchingActions.length > 0 && (
          <Command.Group heading="Actions">
            {matchingActions.map((a) => (
              <Command.Item
                key={a.id}
                value={a.id}
                onSelect={() => {
                  close();
                  a.run();
                }}
              >
                <span>{a.title}</span>
                {a.shortcut && <kbd>{a.shortcut}</kbd>}
              </Command.Item>
            ))}
          </Command.Group>
        )}
      </Command.List>
    </Command.Dialog>
  );
}

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
