import { z } from 'zod';
import type { Result } from '../../src-shared/errors';
import type { Router } from '../ipc/router';
import { APP_ORIGIN } from './app-origin';
import { isCareDeskWindow } from './sender';

/**
 * Passphrase mode (IT policy): before the store is open there are no services and
 * no router, only this gate. The window shows `unlock.html` (served by the app://
 * handler from the strings below), which can call exactly two things:
 * `keystore.state` (first run or not) and `keystore.unlock`. Everything else is
 * refused until the store is open and the real router takes over.
 */
export const UNLOCK_URL = `${APP_ORIGIN}/unlock.html` as const;

const unlockInput = z.strictObject({
  passphrase: z.string().min(1, 'Enter the passphrase').max(1024),
  confirmation: z.string().max(1024).optional(),
});

export interface PassphraseGateOptions {
  firstRun: () => boolean;
  /** Tries the passphrase; null when the store is open, else the reason to show. */
  unlock: (passphrase: string) => Promise<string | null>;
}

export function passphraseGate({ firstRun, unlock }: PassphraseGateOptions): Router {
  let busy = false;
  return async (channel, input, sender): Promise<Result<unknown>> => {
    if (!isCareDeskWindow(sender))
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the CareDesk window' } };
    if (channel === 'keystore.state') return { ok: true, value: { firstRun: firstRun() } };
    if (channel !== 'keystore.unlock')
      return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'Unlock CareDesk with its passphrase first' } };
    const parsed = unlockInput.safeParse(input);
    if (!parsed.success)
      return {
        ok: false,
        error: { code: 'VALIDATION', message: 'Enter the passphrase', fields: { passphrase: 'Enter the passphrase' } },
      };
    const { passphrase, confirmation } = parsed.data;
    if (firstRun() && confirmation !== passphrase)
      return {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'The passphrases do not match',
          fields: { confirmation: 'The passphrases do not match' },
        },
      };
    // One attempt at a time: each costs a memory-hard key derivation.
    if (busy) return { ok: false, error: { code: 'CONFLICT', message: 'Still checking the last passphrase' } };
    busy = true;
    try {
      const problem = await unlock(passphrase);
      return problem ? { ok: false, error: { code: 'UNAUTHENTICATED', message: problem } } : { ok: true, value: null };
    } finally {
      busy = false;
    }
  };
}

/** The unlock screen: plain HTML and a script file, so the app's CSP (script-src 'self') holds. */
export const UNLOCK_PAGES: Record<string, { body: string; contentType: string }> = {
  '/unlock.html': {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Unlock CareDesk</title><script src="unlock.js" defer></script></head>
<body>
<main>
<h1 id="title">Unlock CareDesk</h1>
<p id="intro">Your organization protects CareDesk's data on this computer with a passphrase.</p>
<form id="unlock" novalidate>
<p><label for="passphrase">Passphrase</label><br><input id="passphrase" type="password" autocomplete="current-password" autofocus required aria-describedby="message"></p>
<p id="confirm-row" hidden><label for="confirmation">Type it again</label><br><input id="confirmation" type="password" autocomplete="new-password"></p>
<p><button type="submit">Unlock</button></p>
<p id="message" role="alert"></p>
</form>
</main>
</body>
</html>
`,
  },
  '/unlock.js': {
    contentType: 'text/javascript; charset=utf-8',
    body: `(async () => {
  const bridge = window.caredesk;
  const form = document.getElementById('unlock');
  const message = document.getElementById('message');
  const passphrase = document.getElementById('passphrase');
  const confirmation = document.getElementById('confirmation');
  const state = await bridge.invoke('keystore.state', {});
  const firstRun = state.ok && state.value.firstRun;
  if (firstRun) {
    document.getElementById('title').textContent = 'Choose the CareDesk passphrase';
    document.getElementById('intro').textContent = 'At least 12 characters. Without it, the data on this computer cannot be opened.';
    document.getElementById('confirm-row').hidden = false;
    passphrase.autocomplete = 'new-password';
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = 'Checking…';
    const input = { passphrase: passphrase.value };
    if (firstRun) input.confirmation = confirmation.value;
    const result = await bridge.invoke('keystore.unlock', input);
    if (result.ok) { message.textContent = 'Opening CareDesk…'; return; }
    message.textContent = result.error.message;
    passphrase.value = '';
    if (confirmation) confirmation.value = '';
    passphrase.focus();
  });
})();
`,
  },
};
