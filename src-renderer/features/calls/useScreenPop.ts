import { useEffect } from 'react';
import { subscribe } from '../../ipc/client';
import { useNavigation } from '../../app/navigation';
import { useCallDraft } from './draft';

/**
 * A phone system or a caredesk://call link announced a call: open a fresh call
 * entry for the number, which then finds the patient. An unsaved entry in progress
 * is replaced only when it has nothing typed in it.
 */
export function useScreenPop(): void {
  const go = useNavigation((s) => s.go);
  useEffect(
    () =>
      subscribe('calls.screenPop', ({ phone, receivedAt }) => {
        const { draft, start } = useCallDraft.getState();
        const busy = draft && (draft.notes || draft.reason || draft.outcome);
        if (busy && !window.confirm('A new call is ringing. Leave the call you are logging? It is not saved yet.'))
          return;
        start({ phone, popped: true });
        go({ name: 'call-entry', openedAt: receivedAt });
      }),
    [go],
  );
}
