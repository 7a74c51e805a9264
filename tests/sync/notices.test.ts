import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { NoticeBoard } from '../../src-server/sync/notices';

let server: Server | undefined;
afterEach(() => server?.close());

it('a workstation asking for its notice stream while the hub is closing is told to try again, not held open', async () => {
  const board = new NoticeBoard();
  await board.stop();
  server = createServer((_req, res) => board.subscribe('org', res, 0));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/notices`);
  expect(response.status).toBe(503);
  // The answer ends: a stream held open would keep the closing hub from ever closing.
  expect(await response.json()).toEqual({ error: { code: 'INTERNAL', message: 'The hub is closing; try again' } });
  expect(board.connected).toBe(0);
});
