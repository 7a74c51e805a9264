import { isAppUrl } from './app-origin';
import { isAllowedExternalUrl } from './external-links';

export type NavigationDecision = 'stay' | 'open-externally' | 'deny';

/**
 * What happens when the page tries to go somewhere (a link, `location =`, a
 * redirect, `window.open`). The window never leaves our origin: a same-app URL
 * is allowed (reload, in-app route), an allowlisted external link goes to the
 * OS browser, everything else is dropped.
 */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return 'stay';
  if (isAllowedExternalUrl(url)) return 'open-externally';
  return 'deny';
}

/** New windows are never created; an allowlisted link opens in the OS instead. */
export function newWindowDecision(url: string): Exclude<NavigationDecision, 'stay'> {
  return isAllowedExternalUrl(url) ? 'open-externally' : 'deny';
}
