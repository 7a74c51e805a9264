import { APP_ORIGIN, originOf } from './app-origin';

/**
 * Web permissions (camera, microphone, notifications, geolocation, clipboard read,
 * HID/serial/USB, ...) CareDesk's own page may use. None today: a coordinator's
 * workflows need none of them, and each one is a way to move PHI off the machine
 * or watch the user. Adding one is a reviewed edit here.
 */
export const GRANTED_PERMISSIONS: readonly string[] = [];

/** Every request and check goes through this; anything not listed, or from another origin, is denied. */
export function permissionDecision(permission: string, requestingUrl: string | undefined): boolean {
  if (!requestingUrl || originOf(requestingUrl) !== APP_ORIGIN) return false;
  return GRANTED_PERMISSIONS.includes(permission);
}
