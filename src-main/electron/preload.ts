import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

/**
 * The whole surface the page gets: `window.caredesk.invoke` and `.subscribe`
 * (CareDeskBridge in src-shared/ipc/bridge.ts). Neither ipcRenderer nor any IPC
 * event object crosses into the page: callbacks receive only the payload.
 */
contextBridge.exposeInMainWorld('caredesk', {
  invoke: (channel: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, channel, input),
  subscribe: (event: string, callback: (payload: unknown) => void): (() => void) => {
    const listener = (_ipcEvent: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) callback(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
});
