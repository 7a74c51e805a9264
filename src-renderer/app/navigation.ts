import { create } from 'zustand';

/** Every screen of the app. A feature adds its screens here and its view in Screens.tsx. */
export type Screen =
  | { name: 'home' }
  | { name: 'schedule' }
  | { name: 'find-slot' }
  | { name: 'reminders' }
  | { name: 'waitlist' }
  | { name: 'coordinated' }
  | { name: 'clinic-setup' }
  | { name: 'new-patient' }
  | { name: 'patient'; patientId: string }
  | { name: 'patient-merge'; patientId: string }
  | { name: 'audit' }
  | { name: 'users' }
  | { name: 'settings' }
  | { name: 'my-password' }
  | { name: 'call-entry'; openedAt?: string }
  | { name: 'call'; callId: string }
  | { name: 'call-log' }
  | { name: 'worklist' }
  | { name: 'sync' }
  | { name: 'task'; taskId: string };

interface NavigationState {
  screen: Screen;
  /** Whether the open screen holds unsaved work; leaving asks first. */
  dirty: boolean;
  /** Where `go` was asked to go while the screen was dirty; the leave dialog asks about it. */
  pending: Screen | null;
  /** What "discard changes" does on the open screen (drop its draft). */
  discard: (() => void) | null;
  go: (screen: Screen) => void;
  setDirty: (dirty: boolean, discard?: () => void) => void;
  /** Answers the leave dialog: go on (discarding the screen's draft or keeping it), or stay. */
  leave: (discardChanges: boolean) => void;
  stay: () => void;
}

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: { name: 'home' },
  dirty: false,
  pending: null,
  discard: null,
  go(screen) {
    if (get().dirty) return set({ pending: screen });
    set({ screen, dirty: false, pending: null, discard: null });
  },
  setDirty(dirty, discard) {
    set({ dirty, discard: discard ?? null });
  },
  leave(discardChanges) {
    const { pending, discard } = get();
    if (!pending) return;
    if (discardChanges) discard?.();
    set({ screen: pending, dirty: false, pending: null, discard: null });
  },
  stay() {
    set({ pending: null });
  },
}));
