import { readdirSync, readFileSync } from 'node:fs';

/*
 * Where a benchmark's CPU went, read from /proc (Linux only; elsewhere it reports
 * nothing): this process's threads one by one (the main thread, and worker threads such
 * as the page writer and the checkpointer, which live only for part of the run, so the
 * threads are sampled while it runs), and PostgreSQL's processes for the cluster the
 * benchmark talks to (its postmaster and every backend under it), which
 * `process.cpuUsage()` does not see.
 */

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** utime + stime of a /proc stat line, in ms; fields counted after the command name's `)`. */
function cpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
}

function parentOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function threads(): Map<number, number> {
  const found = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = read(`/proc/self/task/${tid}/stat`);
    if (stat) found.set(Number(tid), cpuMs(stat));
  }
  return found;
}

/** CPU by process of the postmaster and its children (the backends, the WAL writer, the checkpointer…). */
function postgresProcesses(postmaster: number): Map<number, number> {
  const found = new Map<number, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = read(`/proc/${pid}/stat`);
    if (stat && (Number(pid) === postmaster || parentOf(stat) === postmaster)) found.set(Number(pid), cpuMs(stat));
  }
  return found;
}

/** CPU used since `before`, by the threads or processes last seen in `latest`. */
function used(before: Map<number, number>, latest: Map<number, number>): Array<{ id: number; ms: number }> {
  return [...latest].map(([id, ms]) => ({ id, ms: ms - (before.get(id) ?? 0) })).filter(({ ms }) => ms > 0);
}

export interface CpuSplit {
  /** Stops sampling; one line for the benchmark's output. */
  stop(): string;
}

/**
 * Starts sampling. `backendPid` is any backend of the cluster (`SELECT pg_backend_pid()`),
 * null when PostgreSQL's share is not wanted. Threads that end between two samples lose
 * at most the last sampling interval (250 ms).
 */
export function startCpuSplit(backendPid: number | null): CpuSplit | null {
  if (process.platform !== 'linux') return null;
  const postmaster = backendPid === null ? null : parentOf(read(`/proc/${backendPid}/stat`) ?? ')  0 0');
  const before = threads();
  const pgBefore = postmaster ? postgresProcesses(postmaster) : new Map<number, number>();
  const latest = new Map(before);
  const pgLatest = new Map(pgBefore);
  // Threads and backends that end during the run keep what they were last seen using.
  const sample = () => {
    threads().forEach((ms, tid) => latest.set(tid, ms));
    if (postmaster) postgresProcesses(postmaster).forEach((ms, pid) => pgLatest.set(pid, ms));
  };
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const byThread = used(before, latest);
      const main = byThread.find(({ id }) => id === process.pid)?.ms ?? 0;
      const others = byThread.filter(({ id }) => id !== process.pid).sort((a, b) => b.ms - a.ms);
      const s = (ms: number) => (ms / 1000).toFixed(1);
      const top = others.slice(0, 3).map(({ ms }) => s(ms));
      const rest = others.slice(3).reduce((sum, { ms }) => sum + ms, 0);
      const pg = used(pgBefore, pgLatest).reduce((sum, { ms }) => sum + ms, 0);
      return (
        `CPU by thread: main ${s(main)} s, busiest others ${top.join(' / ')} s, rest ${s(rest)} s` +
        (postmaster ? `; PostgreSQL ${s(pg)} s` : '')
      );
    },
  };
}
