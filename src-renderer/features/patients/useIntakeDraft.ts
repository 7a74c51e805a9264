import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { Intake, IntakeFormValues, IntakeInput } from '../../../src-shared/patients/intake';
import { overlayDraft, sameValues } from '../../../src-shared/patients/intake-form';
import type { Draft } from '../../../src-shared/patients/records';
import { call } from '../../ipc/client';

/** How long typing pauses before the draft is written. */
export const DRAFT_DEBOUNCE_MS = 300;

export interface IntakeDraft {
  /** A draft found on opening the form, offered back before anything else happens. */
  offer: { savedAt: string; name: string; data: Draft['data'] } | null;
  savedAt: string | null;
  /** Typing not yet written as the draft: "Draft kept" is shown only once the last change is. */
  pending: boolean;
  restore: () => void;
  discard: () => void;
  /** While a save is under way: write nothing (a late write would bring back a saved intake's draft). */
  suspend: () => void;
  resume: () => void;
  /** After a save: drop the draft; the discard goes after any write already sent, so it wins. */
  forget: () => void;
}

/**
 * Keeps the intake being typed as an encrypted draft in the main process, written
 * ~300 ms after each change, and offers a draft found on opening back to the
 * coordinator, so a crash, a kill or a restart loses nothing typed.
 */
export function useIntakeDraft(
  subject: string,
  form: UseFormReturn<IntakeInput, unknown, Intake>,
  initial: IntakeFormValues,
): IntakeDraft {
  const [offer, setOffer] = useState<IntakeDraft['offer']>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The latest write asked for: an earlier write answering late does not end `pending`.
  const latest = useRef(0);
  // Nothing is written until the stored draft has been looked at: it must not be overwritten unseen.
  const ready = useRef(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void call('drafts.get', { subject }).then((result) => {
      if (!live) return;
      const found = result.ok ? result.value : null;
      if (found && !sameValues(overlayDraft(initial, found.data), initial)) {
        const restored = overlayDraft(initial, found.data);
        const name = `${restored.identity.firstName} ${restored.identity.lastName}`.trim();
        setOffer({ savedAt: found.savedAt, name: name || 'an unnamed patient', data: found.data });
      } else {
        ready.current = true;
      }
    });
    return () => {
      live = false;
    };
  }, [subject, initial]);

  useEffect(() => {
    const subscription = form.watch(() => {
      if (!ready.current) return;
      window.clearTimeout(timer.current);
      const write = ++latest.current;
      setPending(true);
      timer.current = window.setTimeout(() => {
        const values = form.getValues() as IntakeFormValues;
        if (sameValues(values, initial)) return setPending(false);
        void call('drafts.save', { subject, data: values }).then((r) => {
          if (r.ok) setSavedAt(r.value.savedAt);
          if (write === latest.current) setPending(false);
        });
      }, DRAFT_DEBOUNCE_MS);
    });
    return () => {
      subscription.unsubscribe();
      window.clearTimeout(timer.current);
    };
  }, [form, subject, initial]);

  const restore = useCallback(() => {
    if (!offer) return;
    form.reset(overlayDraft(initial, offer.data), { keepDefaultValues: true });
    setSavedAt(offer.savedAt);
    setOffer(null);
    ready.current = true;
  }, [form, initial, offer]);

  const discard = useCallback(() => {
    window.clearTimeout(timer.current);
    latest.current++;
    setPending(false);
    void call('drafts.discard', { subject });
    setOffer(null);
    setSavedAt(null);
    ready.current = true;
  }, [subject]);

  const suspend = useCallback(() => {
    window.clearTimeout(timer.current);
    latest.current++;
    setPending(false);
    ready.current = false;
  }, []);
  const resume = useCallback(() => {
    ready.current = true;
  }, []);
  const forget = useCallback(() => {
    window.clearTimeout(timer.current);
    latest.current++;
    setPending(false);
    void call('drafts.discard', { subject });
    setSavedAt(null);
    ready.current = true;
  }, [subject]);

  return useMemo(
    () => ({ offer, savedAt, pending, restore, discard, suspend, resume, forget }),
    [offer, savedAt, pending, restore, discard, suspend, resume, forget],
  );
}
