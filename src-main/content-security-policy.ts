/**
 * The renderer's Content-Security-Policy, sent as a real header by the `app://`
 * protocol handler and by the harness. Only our own bundled scripts and styles;
 * `connect` only to the harness bridge where there is one.
 */
export function contentSecurityPolicy(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connectSrc.length ? connectSrc.join(' ') : "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
