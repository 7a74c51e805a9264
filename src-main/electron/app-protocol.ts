import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../content-security-policy';
import { APP_HOST, APP_SCHEME } from './app-origin';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type AppRequest = { kind: 'file'; path: string; contentType: string } | { kind: 'not-found' };

/**
 * Maps an `app://caredesk/...` request to a file inside the built renderer, or
 * refuses it: other hosts, other schemes, and any path that would leave the
 * renderer folder (`..`, encoded or not) are not found. Extension-less paths are
 * in-app routes and get index.html.
 */
export function resolveAppRequest(url: string, rendererDir: string): AppRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'not-found' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return { kind: 'not-found' };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'not-found' };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'not-found' };
  const file = pathname === '/' || !extname(pathname) ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = normalize(rendererDir);
  const full = normalize(join(root, file));
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) return { kind: 'not-found' };
  const contentType = MIME[extname(full).toLowerCase()];
  if (!contentType) return { kind: 'not-found' };
  return { kind: 'file', path: full, contentType };
}

/** Headers on every renderer response: the real CSP header, no sniffing, no caching of app code. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
