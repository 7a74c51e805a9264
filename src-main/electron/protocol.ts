import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, isAppUrl } from './app-origin';
import { appResponseHeaders, resolveAppRequest } from './app-protocol';

/**
 * `app://` must be declared before the app is ready: standard (real origin,
 * relative URLs), secure (a secure context, like https). No bypassCSP, no
 * service workers, no CORS exemptions.
 */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer over `app://caredesk`, every response with the CSP
 * header; `pages` are fixed in-memory pages (the passphrase unlock screen).
 */
export function serveRenderer(
  protocol: Protocol,
  rendererDir: string,
  pages: Record<string, { body: string; contentType: string }> = {},
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const page = request.method === 'GET' && isAppUrl(request.url) ? pages[new URL(request.url).pathname] : undefined;
    if (page) return new Response(page.body, { status: 200, headers: appResponseHeaders(page.contentType) });
    const resolved = resolveAppRequest(request.url, rendererDir);
    if (resolved.kind === 'not-found' || request.method !== 'GET') return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(resolved.path);
      return new Response(body, { status: 200, headers: appResponseHeaders(resolved.contentType) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
