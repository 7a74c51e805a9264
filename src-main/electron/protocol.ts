import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME } from './app-origin';
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

/** Serves the built renderer over `app://caredesk`, every response with the CSP header. */
export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
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
