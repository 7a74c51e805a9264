import type { ServerResponse } from 'node:http';
import type { HubErrorBody } from '../../src-shared/sync/protocol';
import type { HubDatabase } from '../db/connect';
import { NOTICE_CHANNEL } from './push';

/**
 * Push notices over server-sent events. Every push commits a NOTIFY; each hub
 * process LISTENs once and tells its own connected workstations of that
 * organization to pull. Hubs stay stateless: a workstation may hold its notice
 * stream on one hub and push through another.
 */
export class NoticeBoard {
  private readonly listeners = new Map<string, Set<ServerResponse>>();
  private stopListening: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopped = false;

  async start(database: HubDatabase): Promise<void> {
    this.stopListening = await database.listen(NOTICE_CHANNEL, (payload) => {
      const [orgId, seq] = payload.split(':');
      if (orgId && seq) this.send(orgId, `event: change\ndata: ${JSON.stringify({ highWater: Number(seq) })}\n\n`);
    });
    // Proxies and load balancers close idle streams; a comment line every 20 s keeps them open.
    this.heartbeat = setInterval(() => {
      for (const set of this.listeners.values()) for (const res of set) write(res, ': keep-alive\n\n');
    }, 20_000);
    this.heartbeat.unref();
  }

  subscribe(orgId: string, res: ServerResponse, highWater: number): void {
    // The workstation may have gone while its sign-in was read: nothing to hold open.
    if (res.destroyed || res.writableEnded) return;
    // The hub began closing while this sign-in was read: a stream held open now would keep
    // it from ever closing. The workstation is told so and tries again, as after any refusal.
    if (this.stopped) {
      res.writeHead(503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      const body: HubErrorBody = { error: { code: 'INTERNAL', message: 'The hub is closing; try again' } };
      res.end(JSON.stringify(body));
      return;
    }
    // A stream that breaks is dropped by its 'close'; its error must not end the hub.
    res.on('error', () => undefined);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`event: hello\ndata: ${JSON.stringify({ highWater })}\n\n`);
    const set = this.listeners.get(orgId) ?? new Set();
    set.add(res);
    this.listeners.set(orgId, set);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.listeners.delete(orgId);
    });
  }

  get connected(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.listeners.values()) for (const res of set) res.end();
    this.listeners.clear();
    await this.stopListening?.();
  }

  private send(orgId: string, frame: string): void {
    for (const res of this.listeners.get(orgId) ?? []) write(res, frame);
  }
}

/** Writes to a stream still open; one ended or broken is about to leave its set. */
function write(res: ServerResponse, frame: string): void {
  if (!res.destroyed && !res.writableEnded) res.write(frame);
}
