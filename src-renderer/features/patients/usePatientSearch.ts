import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Result } from '../../../src-shared/errors';
import type { Patient } from '../../../src-shared/patients/schemas';
import { SEARCH_SHOWN_MARK } from '../../../src-shared/patients/search-query';
import { call } from '../../ipc/client';

/** The newest search sent, so the hook reuses it instead of asking again after its render. */
let sent: { query: string; answer: Promise<Result<Patient[]>> } | null = null;

/**
 * Sends the search for what is now in the box at once, from the input's own event: the
 * main process works on it while React renders the keystroke, instead of after (the
 * request used to leave from the effect, one render later). `usePatientSearch` picks
 * the answer up.
 */
export function searchPatientsNow(query: string): Promise<Result<Patient[]>> {
  if (sent?.query !== query) sent = { query, answer: call('patients.search', { query, limit: 20 }) };
  return sent.answer;
}

/**
 * Patients matching what is typed, as it is typed; a slower earlier answer never replaces
 * a newer one. The last answer stays on screen until the next arrives. `searching` is
 * derived (no answer yet for what is in the box) rather than set from the effect: setting
 * it cost every keystroke a second render of the whole list before the answer (decision 0330).
 */
export function usePatientSearch(query: string): { results: Patient[]; searching: boolean } {
  const [answer, setAnswer] = useState<{ query: string; results: Patient[] } | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    // A cleared box forgets the last answer, so the next query starts from an empty list.
    if (!query.trim()) return setAnswer(null);
    void searchPatientsNow(query).then((result) => {
      if (ticket === latest.current) setAnswer({ query, results: result.ok ? result.value : [] });
    });
  }, [query]);

  // After the DOM holds this answer and before it is painted: keystroke-to-paint is measured from here.
  useLayoutEffect(() => {
    if (answer) performance.mark(SEARCH_SHOWN_MARK, { detail: answer.query });
  }, [answer]);

  if (!query.trim()) return { results: NONE, searching: false };
  return { results: answer?.results ?? NONE, searching: answer?.query !== query };
}

const NONE: Patient[] = [];
