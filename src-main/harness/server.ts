import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { BridgeMessage } from '../../src-shared/ipc/bridge';
import { contentSecurityPolicy } from '../content-security-policy';
import type { CareDesk } from '../services';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const COOKIE = 'caredesk_harness';
const MAX_FRAME_BYTES = 1024 * 1024;
const bridgeRequest = z.object({ id: z.number().int(), channel: z.string().max(100), input: z.unknown() });

export interface Harness {
  url: string;
  port: number;
  app: CareDesk;
  close(): Promise<void>;
}

/**
 * Dev/test only: serves the built renderer on loopback and bridges the same router
 * the desktop app uses over a WebSocket. Guarded three ways: loopback bind, Host
 * and Origin must be this server (no DNS rebinding, no other local page), and a
 * per-run token in an HttpOnly cookie set when the page itself is served.
 */
export async function startHarness(
  openApp: (origin: string) => CareDesk,
  rendererDir: string,
  port: number,
): Promise<Harness> {
  const token = randomBytes(32).toString('hex');
  let origin = '';
  let app: CareDesk | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (!hostIsUs(req, origin)) {
        res.writeHead(421).end('Misdirected request');
        return;
      }
      const path = new URL(req.url ?? '/', origin).pathname;
      const file = path === '/' || !extname(path) ? 'index.html' : path.slice(1);
      const full = normalize(join(rendererDir, file));
      if (!full.startsWith(rendererDir + sep)) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(full);
        const headers: Record<string, string> = {
          'Content-Type': MIME[extname(full)] ?? 'application/octet-stream',
          'Content-Security-Policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
          'Referrer-Policy': 'no-referrer',
        };
        if (file === 'index.html') headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
        res.writeHead(200, headers).end(body);
      } catch {
        res.writeHead(404).end('Not found');
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const ok =
      new URL(req.url ?? '/', origin).pathname === '/ipc' &&
      hostIsUs(req, origin) &&
      req.headers.origin === origin &&
      tokenMatches(req, token);
    if (!ok || !app) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, app!, origin));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${actualPort}`;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close(() => resolve());
    });
  try {
    app = openApp(origin);
  } catch (error) {
    await close();
    throw error;
  }
  const opened = app;
  return {
    url: `${origin}/`,
    port: actualPort,
    app: opened,
    close: async () => {
      await close();
      opened.close();
    },
  };
}

function bridge(ws: WebSocket, app: CareDesk, origin: string): void {
  // Pushes (a lock, a sign-out) reach every page attached to this harness.
  const stopEvents = app.events.on((event, payload) => {
    const message: BridgeMessage = { kind: 'event', event, payload };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  });
  ws.on('close', stopEvents);
  ws.on('message', (data) => {
    void (async () => {
      let request: z.infer<typeof bridgeRequest>;
      try {
        request = bridgeRequest.parse(JSON.parse((data as Buffer).toString('utf8')));
      } catch {
        ws.close(1008, 'Malformed request');
        return;
      }
      // The Origin was checked at upgrade; every call on this socket is from our page's main frame.
      const result = await app.router(request.channel, request.input, { origin, mainFrame: true });
      const message: BridgeMessage = { kind: 'result', id: request.id, result };
      ws.send(JSON.stringify(message));
    })();
  });
}

function hostIsUs(req: IncomingMessage, origin: string): boolean {
  return `http://${req.headers.host ?? ''}` === origin;
}

function tokenMatches(req: IncomingMessage, token: string): boolean {
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  if (!cookie || cookie.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(token));
}
