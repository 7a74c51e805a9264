import { create } from 'zustand';

/** What the polite live region says: saves, errors, results counts, for screen readers and sighted users alike. */
export const useAnnouncer = create<{ message: string; announce: (message: string) => void }>((set) => ({
  message: '',
  announce: (message) => set({ message }),
}));
