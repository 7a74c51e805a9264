import { useEffect, useMemo, useState } from 'react';
import { tinykeys } from 'tinykeys';
import type { SessionUser } from '../../src-shared/session/contract';
import { call } from '../ipc/client';
import { lockNow, signOut } from '../features/session/session-store';
import { useScreenPop } from '../features/calls/useScreenPop';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { StoreHealthAlert } from './StoreHealthAlert';
import { useActiveForm } from './active-form';
import { useAnnouncer } from './announcer';
import { CommandPalette, ShortcutHelp, type PaletteAction } from './CommandPalette';
import { LeaveDialog } from './LeaveDialog';
import { useNavigation } from './navigation';
import { Screens } from './Screens';
import type { ShortcutId } from './shortcuts';
import { SCHEDULE_GRID_ACTIONS, SHORTCUTS } from './shortcuts';

const isTyping = (e: KeyboardEvent) =>
  e.target instanceof HTMLElement &&
  (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));

export function App() {
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [user, setUser] = useState<SessionUser | null>(null);
  const go = useNavigation((s) => s.go);
  useScreenPop();
  const message = useAnnouncer((s) => s.message);

  useEffect(() => {
    void call('session.current', {}).then((r) => r.ok && setUser(r.value));
  }, []);

  const actions = useMemo<PaletteAction[]>(
    () => [
      { id: 'new-patient', title: 'New patient', shortcut: 'Ctrl+N', run: () => go({ name: 'new-patient' }) },
      { id: 'home', title: 'Go home', shortcut: 'Alt+H', run: () => go({ name: 'home' }) },
      { id: 'schedule', title: 'Schedule', shortcut: 'Alt+S', run: () => go({ name: 'schedule' }) },
      { id: 'find-slot', title: 'Find next available slot', shortcut: 'Alt+F', run: () => go({ name: 'find-slot' }) },
      {
        id: 'reminders',
        title: 'Reminder calls for tomorrow',
        shortcut: 'Alt+R',
        run: () => go({ name: 'reminders' }),
      },
      {
        id: 'waitlist-screen',
        title: 'Waitlist: patients who want an earlier visit',
        shortcut: 'Alt+L',
        run: () => go({ name: 'waitlist' }),
      },
      {
        id: 'coordinated',
        title: 'Same-day visits: lab, then provider, back to back',
        shortcut: 'Alt+V',
        run: () => go({ name: 'coordinated' }),
      },
      // Actions on one appointment start on the grid, at the appointment.
      ...SCHEDULE_GRID_ACTIONS.map((a) => ({
        ...a,
        run: () => {
          go({ name: 'schedule' });
          useAnnouncer.getState().announce(a.hint);
        },
      })),
      ...(user?.role === 'admin' || user?.role === 'supervisor'
        ? [
            {
              id: 'clinic-setup',
              title: 'Clinic set-up: weekly hours, leave, providers, visit types',
              run: () => go({ name: 'clinic-setup' }),
            },
          ]
        : []),
      { id: 'log-call', title: 'Log a call', shortcut: 'Ctrl+L', run: () => go({ name: 'call-entry' }) },
      { id: 'call-log', title: 'Call log', shortcut: 'Alt+C', run: () => go({ name: 'call-log' }) },
      { id: 'worklist', title: 'Worklist', shortcut: 'Alt+W', run: () => go({ name: 'worklist' }) },
      { id: 'sync', title: 'Clinic sync and review', shortcut: 'Alt+Y', run: () => go({ name: 'sync' }) },
      { id: 'help', title: 'Show keyboard shortcuts', shortcut: '?', run: () => setHelpOpen(true) },
      { id: 'lock', title: 'Lock CareDesk', shortcut: 'Ctrl+Shift+L', run: () => void lockNow() },
      { id: 'switch-user', title: 'Switch user', run: () => void lockNow() },
      { id: 'sign-out', title: 'Sign out', run: () => void signOut() },
      { id: 'settings', title: 'Settings', run: () => go({ name: 'settings' }) },
      { id: 'my-password', title: 'Change my password', run: () => go({ name: 'my-password' }) },
      ...(user?.role === 'admin'
        ? [
            { id: 'audit', title: 'Audit log', run: () => go({ name: 'audit' }) },
            { id: 'users', title: 'Users and roles', run: () => go({ name: 'users' }) },
          ]
        : []),
    ],
    [go, user],
  );

  useEffect(() => {
    const handlers: Record<ShortcutId, (e: KeyboardEvent) => void> = {
      palette: () => setPaletteOpen(true),
      'new-patient': () => go({ name: 'new-patient' }),
      save: () => useActiveForm.getState().save?.(),
      home: () => go({ name: 'home' }),
      schedule: () => go({ name: 'schedule' }),
      'find-slot': () => go({ name: 'find-slot' }),
      reminders: () => go({ name: 'reminders' }),
      waitlist: () => go({ name: 'waitlist' }),
      coordinated: () => go({ name: 'coordinated' }),
      help: (e) => !isTyping(e) && setHelpOpen(true),
      lock: () => void lockNow(),
      'log-call': () => go({ name: 'call-entry' }),
      'call-log': () => go({ name: 'call-log' }),
      worklist: () => go({ name: 'worklist' }),
      sync: () => go({ name: 'sync' }),
      escape: () => {
        if (!paletteOpen && !helpOpen && useNavigation.getState().screen.name !== 'home') go({ name: 'home' });
      },
    };
    const bindings = Object.fromEntries(
      SHORTCUTS.map((s) => [
        s.keys,
        (e: KeyboardEvent) => {
          if (s.id === 'help' && isTyping(e)) return;
          if (s.id !== 'escape') e.preventDefault();
          handlers[s.id](e);
        },
      ]),
    );
    return tinykeys(window, bindings);
  }, [go, paletteOpen, helpOpen]);

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">CareDesk</span>
        <button type="button" className="search-trigger" onClick={() => setPaletteOpen(true)}>
          Search patients and actions <kbd>Ctrl+K</kbd>
        </button>
        <button type="button" onClick={() => go({ name: 'new-patient' })}>
          New patient <kbd>Ctrl+N</kbd>
        </button>
        <SyncIndicator />
        <span className="user" aria-label="Signed in as">
          {user ? `${user.displayName} (${user.role})` : 'Not signed in'}
        </span>
      </header>
      <StoreHealthAlert />
      <main className="content">
        <Screens />
      </main>
      <div role="status" aria-live="polite" className="announcer">
        {message}
      </div>
      <CommandPalette open={paletteOpen} onClose={() => setPaletteOpen(false)} actions={actions} />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      <LeaveDialog />
    </div>
  );
}
