import { execFileSync } from 'node:child_process';
import type { RunningHarness } from './harness';

/**
 * Kills a harness the way a crash or a power cut would: SIGKILL, no shutdown code
 * runs. `tsx` runs the program in a child node process, so the whole tree goes.
 */
export async function killHarness(harness: RunningHarness): Promise<void> {
  const pid = harness.process.pid;
  if (pid === undefined || harness.process.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => harness.process.once('exit', () => resolve()));
  for (const child of childPids(pid)) {
    for (const grandchild of childPids(child)) process.kill(grandchild, 'SIGKILL');
    process.kill(child, 'SIGKILL');
  }
  process.kill(pid, 'SIGKILL');
  await exited;
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}
