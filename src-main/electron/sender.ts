import type { Sender } from '../ipc/router';
import { APP_ORIGIN, originOf } from './app-origin';

/** What the IPC wrapper knows about the frame a message came from (Electron's WebFrameMain, reduced). */
export interface FrameFacts {
  url: string;
  /** True when the frame is its window's top frame (not an iframe). */
  isMainFrame: boolean;
}

/**
 * The sender as the router understands it, or null when there is no frame any more
 * (it navigated away or was destroyed while the message was in flight): such a
 * message is dropped, never answered.
 */
export function senderFromFrame(frame: FrameFacts | null | undefined): Sender | null {
  if (!frame) return null;
  return { origin: originOf(frame.url) ?? 'null', mainFrame: frame.isMainFrame };
}

/** Only our own page, in its top frame, may call the main process. */
export function isCareDeskWindow(sender: Sender | null): boolean {
  return sender !== null && sender.mainFrame && sender.origin === APP_ORIGIN;
}
