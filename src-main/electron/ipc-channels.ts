/**
 * The only two Electron IPC channel names: every contract call travels as
 * `invoke(INVOKE, channel, input)` and every push as `send(EVENT, name, payload)`.
 * Shared by main and preload so they cannot drift.
 */
export const INVOKE_CHANNEL = 'caredesk:invoke';
export const EVENT_CHANNEL = 'caredesk:event';
