import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Result } from '../../src-shared/errors';
import { events, type EventName, type EventPayload } from '../../src-shared/ipc/events';
import type { Router, Sender } from '../ipc/router';
import { log } from '../log';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';
import { isCareDeskWindow, senderFromFrame, type FrameFacts } from './sender';

const refused: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the CareDesk window' },
};

function frameOf(event: IpcMainInvokeEvent): FrameFacts | null {
  const frame = event.senderFrame;
  // The frame is null when it navigated away or closed while the message was in flight.
  if (!frame || frame.isDestroyed()) return null;
  return { url: frame.url, isMainFrame: frame.parent === null };
}

/**
 * THE wrapper: the only place in the tree that calls `ipcMain.handle` (a test
 * holds us to that). Before any handler runs, the sender frame must be our
 * `app://caredesk` page's top frame; anything else (an iframe, a page that
 * somehow navigated elsewhere, a destroyed frame) gets FORBIDDEN and runs nothing.
 */
function handleFromCareDeskWindow(
  ipcMain: IpcMain,
  name: string,
  handler: (sender: Sender, args: unknown[]) => Promise<unknown>,
): void {
  ipcMain.handle(name, async (event, ...args: unknown[]) => {
    const sender = senderFromFrame(frameOf(event));
    if (!sender || !isCareDeskWindow(sender)) {
      log.warn({ ipc: name, origin: sender?.origin ?? null, mainFrame: sender?.mainFrame ?? null }, 'refused IPC');
      return refused;
    }
    return handler(sender, args);
  });
}

/**
 * Bridges the shared router (the same one the harness uses) onto Electron IPC:
 * the router itself validates the channel, role and input and writes the audit.
 */
export function exposeRouter(ipcMain: IpcMain, router: Router): void {
  handleFromCareDeskWindow(ipcMain, INVOKE_CHANNEL, async (sender, [channel, input]) => {
    if (typeof channel !== 'string' || channel.length > 100)
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel' } } satisfies Result<never>;
    return router(channel, input, sender);
  });
}

/**
 * Pushes an event to the page, through the same sender rule in reverse: only to a
 * window whose top frame is our origin, and only payloads its schema accepts.
 */
export function pushEvent<E extends EventName>(contents: WebContents, name: E, payload: EventPayload<E>): boolean {
  if (contents.isDestroyed()) return false;
  const target = senderFromFrame({ url: contents.mainFrame.url, isMainFrame: true });
  if (!isCareDeskWindow(target)) return false;
  contents.send(EVENT_CHANNEL, name, events[name].parse(payload));
  return true;
}
