import { create } from 'zustand';

/** Every screen of the app. A feature adds its screens here and its view in Screens.tsx. */
export type Screen =
  | { name: 'home' }
  | { name: 'schedule' }
  | { name: 'find-slot' }
  | { name: 'reminders' }
  | { name: 'new-patient' }
  | { name: 'patient'; patientId: string }
  | { name: 'audit' }
  | { name: 'users' }
  | { name: 'call-entry'; openedAt?: string }
  | { name: 'call'; callId: string }
  | { name: 'call-log' }
  | { name: 'worklist' }
  | { name: 'task'; taskId: string };

interface NavigationState {
  screen: Screen;
  /** Whether the open screen holds unsaved work; leaving asks first. */
  dirty: boolean;
  go: (screen: Screen) => void;
  setDirty: (dirty: boolean) => void;
}

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: { name: 'home' },
  dirty: false,
  go(screen) {
    if (get().dirty && !window.confirm('Leave this screen? Unsaved changes will be lost.')) return;
    set({ screen, dirty: false });
  },
  setDirty(dirty) {
    set({ dirty });
  },
}));
