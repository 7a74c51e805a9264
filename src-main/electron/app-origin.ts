/**
 * Where the desktop renderer lives. `app://caredesk` is registered as a standard,
 * secure scheme, so Chromium gives it a real origin (cookies, storage and CSP
 * `'self'` all key off it) instead of the opaque, over-privileged `file://`.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'caredesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}` as const;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html` as const;

/** The deep-link scheme the installers register (`caredesk://...`). */
export const DEEP_LINK_SCHEME = 'caredesk';

/**
 * The origin of a URL as Chromium sees it. Node's URL gives `null` for schemes it
 * does not know as special (ours), so the origin of `app:` URLs is built by hand.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host ? `${APP_SCHEME}://${parsed.host.toLowerCase()}` : null;
  return parsed.origin === 'null' ? null : parsed.origin;
}

export function isAppUrl(url: string): boolean {
  return originOf(url) === APP_ORIGIN;
}
