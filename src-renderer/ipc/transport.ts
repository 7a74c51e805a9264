import type { BridgeMessage, BridgeRequest, CareDeskBridge } from '../../src-shared/ipc/bridge';
import type { Result } from '../../src-shared/errors';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in a browser, where the harness bridge is used. */
    caredesk?: CareDeskBridge;
  }
}

/**
 * The harness's transport: the same `invoke`/`subscribe` surface as the preload,
 * over the loopback WebSocket the harness serves next to the page.
 */
function harnessBridge(): CareDeskBridge {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> =>
    (socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ipc`);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('The CareDesk service is not reachable'));
      ws.onclose = () => {
        socket = null;
        for (const done of pending.values())
          done({ ok: false, error: { code: 'INTERNAL', message: 'Lost the connection to CareDesk' } });
        pending.clear();
      };
      ws.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as BridgeMessage;
        if (message.kind === 'result') {
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
        } else {
          listeners.get(message.event)?.forEach((cb) => cb(message.payload as never));
        }
      };
    }));

  return {
    async invoke(channel, input) {
      const ws = await connect();
      const request: BridgeRequest = { id: nextId++, channel, input };
      return new Promise((resolve) => {
        pending.set(request.id, resolve);
        ws.send(JSON.stringify(request));
      });
    },
    subscribe(event, callback) {
      void connect();
      const set = listeners.get(event) ?? new Set();
      set.add(callback);
      listeners.set(event, set);
      return () => set.delete(callback);
    },
  };
}

export const bridge: CareDeskBridge = window.caredesk ?? harnessBridge();
