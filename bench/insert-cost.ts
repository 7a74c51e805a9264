import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../src-main/store/store';
import { patientNameIndex } from '../src-main/patients/name-index';
import { alternateRounds, BULK_PATIENTS, writeBulk } from './bulk-insert';

/*
 * The whole cost of the store bench's bulk insert, wherever SQLite's backstop happens to copy
 * the WAL back: the 20 commits, the name-index catch-up, then a full checkpoint of what is left
 * in the WAL (every frame is copied back once sooner or later; the bench's clock catches the
 * backstop's copy only when the WAL crosses 10,000 frames inside it). Process CPU (all threads)
 * and wall, encrypted and plain alternated. A probe: `npx tsx bench/insert-cost.ts [rounds]`.
 */

async function round(open: (path: string) => Store) {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-cost-'));
  try {
    const store = open(join(dir, 'bench.db'));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    writeBulk(store);
    patientNameIndex(store).catchUp();
    await store.settled();
    const benchWall = performance.now() - t0;
    const benchCpu = process.cpuUsage(cpu0);
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    store.close();
    const us = (c: NodeJS.CpuUsage) => Math.round((c.user + c.system) / BULK_PATIENTS);
    return {
      benchRate: Math.round(BULK_PATIENTS / (benchWall / 1000)),
      benchCpuUsPerPatient: us(benchCpu),
      allInWallMs: Math.round(wall),
      allInCpuUsPerPatient: us(cpu),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await alternateRounds(round);
