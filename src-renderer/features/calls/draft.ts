import { create } from 'zustand';
import type { PickedPatient } from '../patients/PatientPicker';
import type { CallDirection, CallerKind, CallOutcome, CallReason } from '../../../src-shared/calls/schemas';

/** The call being logged. Kept outside the screen so a trip to New patient (or anywhere) loses nothing. */
export interface CallDraft {
  startedAt: string;
  direction: CallDirection;
  phoneText: string;
  patientId: string | null;
  /** The patient found by name (not among the number's matches), so the entry can show who it is. */
  pickedPatient: PickedPatient | null;
  callerKind: CallerKind;
  callerName: string;
  reason: CallReason | '';
  outcome: CallOutcome | '';
  /** `datetime-local` value, '' for the default. */
  followUpDue: string;
  notes: string;
  appointmentId: string;
  referralId: string;
  /** Set by a screen pop, so the entry knows the caller is on the line now. */
  popped: boolean;
}

interface DraftState {
  draft: CallDraft | null;
  start: (options?: { phone?: string | null; popped?: boolean }) => void;
  update: (patch: Partial<CallDraft>) => void;
  clear: () => void;
}

export const useCallDraft = create<DraftState>((set) => ({
  draft: null,
  start: ({ phone = null, popped = false } = {}) =>
    set({
      draft: {
        startedAt: new Date().toISOString(),
        direction: 'inbound',
        phoneText: phone ?? '',
        patientId: null,
        pickedPatient: null,
        callerKind: 'unknown',
        callerName: '',
        reason: '',
        outcome: '',
        followUpDue: '',
        notes: '',
        appointmentId: '',
        referralId: '',
        popped,
      },
    }),
  update: (patch) => set((s) => (s.draft ? { draft: { ...s.draft, ...patch } } : s)),
  clear: () => set({ draft: null }),
}));
