import { events, type EventName, type EventPayload } from '../../src-shared/ipc/events';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * Events from the services to whichever transport is attached (the Electron window,
 * the harness WebSocket). Payloads are checked against their schema here, so no
 * transport can push something the contract does not describe.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = events[name].parse(payload) as EventPayload<E>;
    for (const listener of this.listeners) listener(name, checked);
  }
}
