import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface PouchDatabase {
  bulkDocs(docs: object[]): Promise<unknown>;
  info(): Promise<{ doc_count: number }>;
  close(): Promise<void>;
}
interface PouchStatic {
  new (name: string): PouchDatabase;
  defaults(options: { prefix: string }): PouchStatic;
  replicate(source: PouchDatabase, target: PouchDatabase): Promise<{ ok: boolean }>;
}

/**
 * The yardstick of `sync.vs_pouchdb_ratio`: PouchDB replicating `count` patient
 * documents from express-pouchdb over loopback into a fresh local database. Both
 * ends use PouchDB's LevelDB adapter on disk (leveldown's prebuilt binary), as our
 * hub and store keep their rows on disk. The documents have the fields of the
 * patients the sync benchmark pulls. Returns the replication's wall time in ms.
 */
export async function pouchReplicationMs(count: number): Promise<number> {
  const require = createRequire(import.meta.url);
  // CommonJS; typed here by what this file uses (@types/pouchdb's globals clash with the DOM's).
  const PouchDB = require('pouchdb') as PouchStatic;
  const expressPouchDB = require('express-pouchdb') as (
    pouch: PouchStatic,
    options: { mode: string; inMemoryConfig: boolean; logPath: string },
  ) => { listen(port: number, host: string, ready: () => void): Server };
  const serverDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-pouch-server-'));
  const localDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-pouch-local-'));
  const ServerPouch = PouchDB.defaults({ prefix: `${serverDir}/` });
  const LocalPouch = PouchDB.defaults({ prefix: `${localDir}/` });
  const app = expressPouchDB(ServerPouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: join(serverDir, 'log.txt'),
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const source = new ServerPouch('patients');
  const target = new LocalPouch('patients');
  try {
    const now = new Date().toISOString();
    for (let done = 0; done < count;) {
      const docs = [];
      for (const end = Math.min(count, done + 5_000); done < end; done++) {
        docs.push({
          _id: randomUUID(),
          mrn: `MRN-${done}`,
          firstName: 'Seed',
          lastName: `Patient${done % 5000}`,
          dateOfBirth: new Date(Date.UTC(1950, 0, 1 + (done % 20_000))).toISOString().slice(0, 10),
          phone: `+1617555${String(done % 10_000).padStart(4, '0')}`,
          createdAt: now,
          updatedAt: now,
        });
      }
      await source.bulkDocs(docs);
    }
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/patients`;
    const started = performance.now();
    const result = await PouchDB.replicate(new PouchDB(url), target);
    const ms = performance.now() - started;
    const info = await target.info();
    if (!result.ok || info.doc_count !== count)
      throw new Error(`PouchDB replicated ${info.doc_count} of ${count} documents`);
    return ms;
  } finally {
    await target.close();
    await source.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(serverDir, { recursive: true, force: true });
    rmSync(localDir, { recursive: true, force: true });
  }
}
