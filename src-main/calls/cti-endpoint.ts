import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { EventBus } from '../ipc/event-bus';
import { log } from '../log';
import { popCallFrom } from './screen-pop';

export interface CtiEndpoint {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A token shorter than this is refused: it guards PHI-bearing screen pops. */
export const MIN_TOKEN_LENGTH = 32;

/**
 * The phone system's way in (CTI), opt-in by IT policy: `POST /call?from=<number>`
 * with `Authorization: Bearer <token>` on loopback only. It opens a call entry on
 * screen and answers nothing about patients, so a wrong caller learns nothing.
 */
export async function startCtiEndpoint({
  events,
  token,
  port = 0,
}: {
  events: EventBus;
  token: string;
  port?: number;
}): Promise<CtiEndpoint> {
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`The CTI token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const expected = createHash('sha256').update(token).digest();
  const server = createServer((req, res) => handle(req, res, events, expected));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/call`,
    port: actual,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function handle(req: IncomingMessage, res: ServerResponse, events: EventBus, expected: Buffer): void {
  const reply = (status: number, body: Record<string, unknown>): void => {
    res
      .writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      .end(JSON.stringify(body));
  };
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== '/call') return reply(404, { error: 'Not found' });
  if (req.method !== 'POST') return reply(405, { error: 'Use POST' });
  // A browser page may not drive this: any Origin header means a web page sent it.
  if (req.headers.origin !== undefined) return reply(403, { error: 'Not accepted from a web page' });
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
    log.warn('refused a screen pop with a wrong token');
    return reply(401, { error: 'Wrong or missing token' });
  }
  const result = popCallFrom(events, url.searchParams.get('from'));
  return result.ok ? reply(202, { ok: true }) : reply(400, { error: result.message });
}

/** Where a phone system expects us when IT does not say otherwise. */
export const DEFAULT_CTI_PORT = 5198;

/**
 * Starts the endpoint when IT policy turns it on (`ctiEndpointEnabled`), with the
 * token from `CAREDESK_CTI_TOKEN` and the port from `CAREDESK_CTI_PORT`. Policy on
 * but no token is a problem to report, never an open endpoint. The desktop app and
 * the harness both call this.
 */
export async function startCtiFromPolicy(
  events: EventBus,
  enabled: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ endpoint: CtiEndpoint | null; problem: string | null }> {
  if (!enabled) return { endpoint: null, problem: null };
  const token = env.CAREDESK_CTI_TOKEN ?? '';
  if (token.length < MIN_TOKEN_LENGTH)
    return {
      endpoint: null,
      problem: `The CTI endpoint is on by policy but CAREDESK_CTI_TOKEN is missing or shorter than ${MIN_TOKEN_LENGTH} characters; it stays off`,
    };
  const port = Number(env.CAREDESK_CTI_PORT ?? DEFAULT_CTI_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { endpoint: null, problem: `CAREDESK_CTI_PORT must be a port number, not ${env.CAREDESK_CTI_PORT}` };
  return { endpoint: await startCtiEndpoint({ events, token, port }), problem: null };
}
