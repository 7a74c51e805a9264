import type { Session, WebContents } from 'electron';
import { log } from '../log';
import { navigationDecision, newWindowDecision } from './navigation';
import { permissionDecision } from './permissions';

type OpenExternal = (url: string) => Promise<unknown>;

/**
 * Applied to every WebContents the app ever creates (from `web-contents-created`),
 * not only to our window: navigation away from `app://caredesk`, new windows and
 * webviews are refused; an allowlisted link is handed to the OS instead.
 */
export function hardenWebContents(contents: WebContents, openExternal: OpenExternal): void {
  const guard = (event: { preventDefault(): void; url: string }) => {
    const decision = navigationDecision(event.url);
    if (decision === 'stay') return;
    event.preventDefault();
    if (decision === 'open-externally') void openExternal(event.url);
    else log.warn({ scheme: event.url.split(':')[0]?.slice(0, 20) }, 'blocked a navigation');
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(({ url }) => {
    if (newWindowDecision(url) === 'open-externally') void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permission requests and checks, devices and downloads: denied unless permissions.ts grants them. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionDecision(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  // Exports are written by the main process after a save dialog, never by a page download.
  session.on('will-download', (event) => event.preventDefault());
}
