import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patientNameIndex } from '../src-main/patients/name-index';
import { openEncrypted, writeBulk } from './bulk-insert';
import { framePages } from './wal-frames';

/*
 * WAL frames per b-tree of the store bench's workload (20,000 patients, 1,000 a
 * transaction, encrypted): what each commit makes SQLCipher encrypt. Checkpoints are
 * off, so every frame every commit wrote stays in the WAL; a frame's 24-byte header is
 * not encrypted, and its page number (the first 4 bytes) is mapped to its b-tree with
 * dbstat once the run is over (pages do not move without a VACUUM). The catch-up's
 * frames are counted apart. A probe, not a benchmark: `npx tsx bench/insert-wal-frames.ts`.
 */
const dir = mkdtempSync(join(tmpdir(), 'caredesk-wal-'));
try {
  const path = join(dir, 'b.db');
  const store = openEncrypted(path);
  store.sqlite.pragma('wal_autocheckpoint = 0');
  // Start from an empty WAL: the migrations' frames are not the workload's.
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  writeBulk(store);
  const inserts = framePages(`${path}-wal`, 0);
  patientNameIndex(store).catchUp();
  const catchUp = framePages(`${path}-wal`, inserts.length);
  const owner = new Map<number, string>();
  for (const r of store.sqlite.prepare('SELECT name, pageno FROM dbstat').all() as Array<{
    name: string;
    pageno: number;
  }>)
    owner.set(r.pageno, r.name);
  const byTree = (pages: number[]) => {
    const frames = new Map<string, number>();
    const distinct = new Map<string, Set<number>>();
    for (const p of pages) {
      const name = p === 1 ? '(page 1)' : (owner.get(p) ?? '(free or gone)');
      frames.set(name, (frames.get(name) ?? 0) + 1);
      if (!distinct.has(name)) distinct.set(name, new Set());
      distinct.get(name)!.add(p);
    }
    return [...frames]
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => ({ name, frames: n, pages: distinct.get(name)!.size }));
  };
  const storePages = store.sqlite.prepare('SELECT count(*) AS n FROM dbstat').get() as { n: number };
  console.log(
    JSON.stringify(
      {
        insertFrames: inserts.length,
        catchUpFrames: catchUp.length,
        storePages: storePages.n,
        inserts: byTree(inserts),
        catchUp: byTree(catchUp).slice(0, 6),
      },
      null,
      1,
    ),
  );
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
