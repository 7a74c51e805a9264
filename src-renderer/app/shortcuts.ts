import { INTAKE_SECTIONS } from '../../src-shared/patients/intake';
/**
 * Every global shortcut, in one list: the key bindings in App.tsx and the `?` help
 * dialog both read it, so the help can never drift from what the keys do.
 * Keys use tinykeys syntax ($mod is Ctrl on Windows/Linux, Cmd on macOS).
 */
export interface Shortcut {
  id: string;
  keys: string;
  label: string;
  description: string;
}

export const SHORTCUTS = [
  { id: 'palette', keys: '$mod+k', label: 'Ctrl+K', description: 'Search patients, screens and actions' },
  { id: 'new-patient', keys: '$mod+n', label: 'Ctrl+N', description: 'New patient' },
  { id: 'save', keys: '$mod+s', label: 'Ctrl+S', description: 'Save the open form' },
  { id: 'home', keys: 'Alt+h', label: 'Alt+H', description: 'Home' },
  { id: 'schedule', keys: 'Alt+s', label: 'Alt+S', description: 'Schedule grid' },
  { id: 'find-slot', keys: 'Alt+f', label: 'Alt+F', description: 'Find next available slot' },
  { id: 'reminders', keys: 'Alt+r', label: 'Alt+R', description: 'Reminder calls for tomorrow' },
  { id: 'waitlist', keys: 'Alt+l', label: 'Alt+L', description: 'Waitlist: patients who want an earlier visit' },
  { id: 'coordinated', keys: 'Alt+v', label: 'Alt+V', description: 'Same-day visits (lab, then provider)' },
  { id: 'help', keys: 'Shift+?', label: '?', description: 'Show keyboard shortcuts' },
  { id: 'lock', keys: '$mod+Shift+l', label: 'Ctrl+Shift+L', description: 'Lock CareDesk (step away)' },
  { id: 'log-call', keys: '$mod+l', label: 'Ctrl+L', description: 'Log a call (resumes the one in progress)' },
  { id: 'call-log', keys: 'Alt+c', label: 'Alt+C', description: 'Call log' },
  { id: 'worklist', keys: 'Alt+w', label: 'Alt+W', description: 'Worklist' },
  { id: 'sync', keys: 'Alt+y', label: 'Alt+Y', description: 'Clinic sync: status and what to review' },
  { id: 'escape', keys: 'Escape', label: 'Esc', description: 'Close a dialog or leave the form' },
] as const satisfies readonly Shortcut[];

export type ShortcutId = (typeof SHORTCUTS)[number]['id'];

/** Palette entries for what is done at an appointment on the grid: they open the grid and say which key. */
export const SCHEDULE_GRID_ACTIONS = [
  {
    id: 'follow-up',
    title: 'Follow-up in N weeks with the same provider',
    shortcut: 'F on the schedule',
    hint: 'Put the cursor on the appointment and press F for a follow-up',
  },
  {
    id: 'waitlist',
    title: 'Add a patient to the waitlist',
    shortcut: 'L on the schedule',
    hint: 'Put the cursor on the appointment and press L to add the patient to the waitlist',
  },
  {
    id: 'series',
    title: 'Book a weekly series',
    shortcut: 'Enter on the schedule',
    hint: 'Put the cursor on the first slot, press Enter and choose Repeat',
  },
] as const;

/** Shortcuts of one screen, bound by that screen and listed in the `?` help under its name. */
export interface ScreenShortcut {
  screen: string;
  label: string;
  description: string;
}

export const SCREEN_SHORTCUTS: readonly ScreenShortcut[] = [
  ...INTAKE_SECTIONS.map((s, i) => ({
    screen: 'Patient intake',
    label: `Alt+${i + 1}`,
    description: `Go to ${s.title}`,
  })),
  { screen: 'Patient intake', label: 'Ctrl+Enter', description: 'Save and start the next intake' },
  { screen: 'Patient chart', label: 'Alt+E', description: 'Edit the patient' },
  {
    screen: 'Patient chart',
    label: 'Alt+M',
    description: 'Merge another record of this patient into it (supervisor, admin)',
  },
  { screen: 'Schedule', label: '↑ ↓ ← →', description: 'Move the cursor over slots and providers' },
  { screen: 'Schedule', label: 'PgUp PgDn', description: 'Previous or next day (week in the week view)' },
  { screen: 'Schedule', label: 't', description: 'Today' },
  { screen: 'Schedule', label: 'w / d', description: "One provider's week / all providers' day" },
  { screen: 'Schedule', label: 'Enter', description: 'Book at the cursor (a weekly series too)' },
  { screen: 'Schedule', label: 'e', description: 'Edit the appointment at the cursor' },
  { screen: 'Schedule', label: 'r', description: 'Reschedule: move with the arrows, Enter to place' },
  { screen: 'Schedule', label: 'c', description: 'Cancel (reason required; the waitlist is offered the slot)' },
  { screen: 'Schedule', label: 'n / a', description: 'Mark no-show / arrived' },
  { screen: 'Schedule', label: 'f', description: 'Follow-up in N weeks with the same provider' },
  { screen: 'Schedule', label: 'l', description: 'Add the patient to the waitlist for an earlier visit' },
  { screen: 'Worklist', label: '↑ ↓ or j k', description: 'Move between tasks' },
  { screen: 'Worklist', label: 'Enter', description: 'Open the task and its history' },
  { screen: 'Worklist', label: 'd', description: 'Mark the task done' },
  { screen: 'Worklist', label: 's', description: 'Snooze the task' },
  { screen: 'Worklist', label: 'a', description: 'Reassign the task' },
  { screen: 'Worklist', label: 't', description: "Switch between my tasks and the team's" },
  { screen: 'Worklist', label: 'n', description: 'Add a task (for a patient, a colleague or a pool)' },
  { screen: 'Clinic sync', label: '↑ ↓ or j k', description: 'Move between items to review' },
  { screen: 'Clinic sync', label: 'Enter', description: 'Open the item to pick a side' },
  { screen: 'Clinic sync', label: 'a', description: 'Acknowledge (keep what the hub kept)' },
  { screen: 'Clinic sync', label: 'r', description: 'Use the value set aside instead' },
  { screen: 'Call log', label: '↑ ↓ or j k', description: 'Move between calls' },
  { screen: 'Call log', label: 'Enter', description: 'Open the call and its addenda' },
  { screen: 'Call log', label: 'p', description: "Show only this call's patient" },
  { screen: 'Call log', label: '/', description: 'Quick search' },
  { screen: 'Call entry', label: 'Enter (in Phone)', description: 'Find the patient by the number' },
];
