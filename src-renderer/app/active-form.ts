import { create } from 'zustand';

/** The open form's save action, so Ctrl+S reaches whichever form is on screen. */
export const useActiveForm = create<{ save: (() => void) | null; setSave: (save: (() => void) | null) => void }>(
  (set) => ({
    save: null,
    setSave: (save) => set({ save }),
  }),
);
