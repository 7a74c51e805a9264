import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../src-main/store/store';
import { patientNameIndex } from '../src-main/patients/name-index';
import { insertPatient } from '../src-main/patients/table';
import { alternateRounds, BULK_BATCH, BULK_INTAKES, BULK_PATIENTS } from './bulk-insert';

/*
 * Where a bulk insert's time goes (store.bench.ts's workload: 20,000 patients in batches
 * of 1,000, encrypted and plain alternated): wall time inside the transactions' functions,
 * in their commits and in the name-index catch-up, and CPU of the main thread and of the
 * other threads (the checkpoint worker), read from /proc. A probe, not a benchmark:
 * `npx tsx bench/insert-split.ts [rounds]`.
 */
const actor = { userId: 'bench' };

const ticks = (stat: string) => {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
function threadCpu(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const ms = ticks(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
      if (Number(tid) === process.pid) main += ms;
      else others += ms;
    } catch {
      // a thread that ended
    }
  }
  return { main, others };
}

/**
 * Pages the process has read and written through system calls so far (every file; 4 KiB
 * units, from /proc/self/io; reading it counts a few hundred bytes). Inside a transaction
 * both stay at 0 when nothing spills from the page cache and nothing is read back into it
 * (an encrypted page read is decrypted).
 */
function ioPages(): { read: number; written: number } {
  const io = readFileSync('/proc/self/io', 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? 0);
  return { read: Math.round(field('rchar') / 4096), written: Math.round(field('wchar') / 4096) };
}

/** CPU of the whole process so far, in microseconds. */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function round(open: (path: string) => Store) {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-split-'));
  try {
    const store = open(join(dir, 'bench.db'));
    const cpu0 = threadCpu();
    let inTx = 0;
    let commit = 0;
    // CPU of the process (every thread, microseconds) by phase: wall time inside the
    // transactions also counts whatever else the machine's two cores were doing.
    let inTxCpu = 0;
    let commitCpu = 0;
    const inTxIo = { read: 0, written: 0 };
    const started = performance.now();
    for (let i = 0; i < BULK_PATIENTS; i += BULK_BATCH) {
      const t0 = performance.now();
      const u0 = cpuNow();
      let t1 = 0;
      let u1 = 0;
      store.write((tx) => {
        const io0 = ioPages();
        for (let j = i; j < i + BULK_BATCH; j++) insertPatient(store, tx, BULK_INTAKES[j]!, actor);
        const io1 = ioPages();
        inTxIo.read += io1.read - io0.read;
        inTxIo.written += io1.written - io0.written;
        t1 = performance.now();
        u1 = cpuNow();
      });
      const t2 = performance.now();
      commitCpu += cpuNow() - u1;
      inTxCpu += u1 - u0;
      inTx += t1 - t0;
      commit += t2 - t1;
    }
    const c0 = performance.now();
    const cu0 = cpuNow();
    patientNameIndex(store).catchUp();
    const catchUpCpu = cpuNow() - cu0;
    const catchUp = performance.now() - c0;
    const s0 = performance.now();
    // Background work under way when the clock stops (the checkpoint worker's).
    await store.settled();
    const settle = performance.now() - s0;
    const wall = performance.now() - started;
    const cpu1 = threadCpu();
    store.close();
    return {
      rate: Math.round(BULK_PATIENTS / (wall / 1000)),
      inTx: Math.round(inTx),
      inTxCpu: Math.round(inTxCpu / 1000),
      inTxPagesRead: inTxIo.read,
      inTxPagesWritten: inTxIo.written,
      commit: Math.round(commit),
      commitCpu: Math.round(commitCpu / 1000),
      catchUp: Math.round(catchUp),
      catchUpCpu: Math.round(catchUpCpu / 1000),
      settle: Math.round(settle),
      mainCpuUsPerPatient: Math.round(((cpu1.main - cpu0.main) * 1000) / BULK_PATIENTS),
      otherCpuUsPerPatient: Math.round(((cpu1.others - cpu0.others) * 1000) / BULK_PATIENTS),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await alternateRounds(round);
