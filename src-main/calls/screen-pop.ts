import { parseScreenPopUrl, readCaller, type ScreenPopRequest } from '../../src-shared/calls/screen-pop';
import type { EventBus } from '../ipc/event-bus';

/**
 * Opens a call entry on screen for an incoming call. The event carries the number
 * only; the page looks the caller up through `calls.matchCaller`, which is audited.
 */
export function popCall(events: EventBus, request: ScreenPopRequest): ScreenPopRequest {
  if (request.ok) events.emit('calls.screenPop', { phone: request.phone, receivedAt: new Date().toISOString() });
  return request;
}

/** For the desktop shell's `caredesk://call?from=` protocol handler. */
export function popCallFromUrl(events: EventBus, url: string): ScreenPopRequest {
  return popCall(events, parseScreenPopUrl(url));
}

/** For a phone system's `from` parameter (the CTI endpoint). */
export function popCallFrom(events: EventBus, from: string | null): ScreenPopRequest {
  return popCall(events, readCaller(from));
}
