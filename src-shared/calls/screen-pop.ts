import { normalizePhone } from '../phone';

export const SCREEN_POP_SCHEME = 'caredesk:';

export type ScreenPopRequest = { ok: true; phone: string | null } | { ok: false; message: string };

/**
 * `caredesk://call?from=<number>` (from the desktop protocol handler) -> the caller's
 * number as E.164. A withheld number (`from=` empty, `anonymous`, `private`) still
 * opens a call entry, with no number. Anything else about the URL is refused.
 */
export function parseScreenPopUrl(text: string): ScreenPopRequest {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'Not a URL' };
  }
  // `caredesk://call` parses with host "call"; `caredesk:call` with pathname "call".
  const target = url.host || url.pathname.replace(/^\/+/, '');
  if (url.protocol !== SCREEN_POP_SCHEME || target !== 'call')
    return { ok: false, message: 'Only caredesk://call?from=<number> is understood' };
  return readCaller(url.searchParams.get('from'));
}

/** The `from` a phone system sends (also the CTI endpoint's), read the same way everywhere. */
export function readCaller(from: string | null): ScreenPopRequest {
  const raw = (from ?? '').trim().replace(/^tel:/i, '');
  if (raw === '' || /^(anonymous|private|unknown|restricted|withheld)$/i.test(raw)) return { ok: true, phone: null };
  if (raw.length > 40) return { ok: false, message: 'The caller number is too long' };
  const phone = normalizePhone(raw);
  return phone ? { ok: true, phone } : { ok: false, message: 'The caller number is not a valid phone number' };
}
