import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createOrganization, createUser, issueEnrollmentCode } from '../../src-server/admin/tenants';
import { buildHub } from '../../src-server/app';
import { openHubDatabase } from '../../src-server/db/connect';

/**
 * The development hub the way `npm run server` runs it (PGlite in a folder), with
 * one clinic, one coordinator and enrollment codes as `hub-admin` makes them.
 */
export async function startDevHub() {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-dev-hub-'));
  const database = await openHubDatabase({ dataDir });
  const org = await createOrganization(database.db, 'Riverside Clinic');
  const coordinator = { username: 'ana.ruiz', password: 'riverside clinic passphrase 1' };
  await createUser(database.db, {
    orgId: org.id,
    ...coordinator,
    displayName: 'Ana Ruiz',
    role: 'coordinator',
  });
  const hub = await buildHub({ database, logLevel: 'silent' });
  await hub.listen({ port: 0, host: '127.0.0.1' });
  const { port } = hub.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    organizationName: org.name,
    coordinator,
    enrollmentCode: async () => (await issueEnrollmentCode(database.db, org.id)).code,
    async stop() {
      await hub.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A workstation's network link to the hub that the test can cut: a loopback TCP
 * relay; cut drops every open connection (the notice stream too) and refuses new ones.
 */
export async function startLink(targetPort: number) {
  const sockets = new Set<Socket>();
  let up = true;
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    const upstream = new Socket();
    upstream.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      up = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
