import type { Result } from '../errors';
import type { EventName, EventPayload } from './events';

/**
 * The only surface the page gets from the desktop shell (via contextBridge) or the
 * harness (via its WebSocket client): one call, one subscription.
 */
export interface CareDeskBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void;
}

/** The harness WebSocket frames. */
export type BridgeRequest = { id: number; channel: string; input: unknown };
export type BridgeMessage =
  { kind: 'result'; id: number; result: Result<unknown> } | { kind: 'event'; event: EventName; payload: unknown };
