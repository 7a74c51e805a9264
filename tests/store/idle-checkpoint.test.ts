import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { Store } from '../../src-main/store/store';
import { BACKGROUND_NICE } from '../../src-main/store/store-worker';
import { freshStoreFile } from '../support/store-file';
import { addVisits } from '../support/visits';

describe('when writes pause (decision 0340)', () => {
  it('copies the WAL into the database file off the main thread, and the store reopens with every row', async () => {
    const { path, key, store } = freshStoreFile();
    const onThisThread: string[] = [];
    const pragma = store.sqlite.pragma.bind(store.sqlite);
    store.sqlite.pragma = (source: string, options?: { simple?: boolean }) => {
      if (source.includes('checkpoint')) onThisThread.push(source);
      return pragma(source, options);
    };
    const before = statSync(path).size;

    addVisits(store, 0, 3_000);
    // The rows are in the WAL until the pause; then the worker copies them into the file itself.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 3_000 * 100), {
      timeout: 20_000,
      interval: 50,
    });
    // A save while the worker's connection is open commits as usual.
    addVisits(store, 3_000, 10);
    expect(onThisThread).toEqual([]);
    store.close();

    const reopened = Store.open({ path, key });
    expect(reopened.sqlite.prepare('SELECT count(*) AS n FROM appointments').get()).toEqual({ n: 3_010 });
    reopened.close();
  });

  it.runIf(process.platform === 'linux')(
    'copies it on a thread that yields the cores to the app (decision 0198)',
    async () => {
      const { path, store } = freshStoreFile();
      const before = statSync(path).size;
      const threadsAt = (nice: number) => niceOfThreads().filter((n) => n === nice).length;
      const yielding = threadsAt(BACKGROUND_NICE);

      addVisits(store, 0, 3_000);
      await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 3_000 * 100), {
        timeout: 20_000,
        interval: 50,
      });
      // The checkpoint worker's thread, and only it: this thread keeps the app's priority.
      expect(threadsAt(BACKGROUND_NICE)).toBe(yielding + 1);
      expect(niceOfThreads()[0]).toBe(0);
      store.close();
      await vi.waitFor(() => expect(threadsAt(BACKGROUND_NICE)).toBe(yielding), { timeout: 10_000 });
    },
  );

  it('does not keep a process that never closed its store from ending', () => {
    const { path, key, store } = freshStoreFile();
    store.close();

    const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/store/writes-then-ends.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, CAREDESK_TEST_DB: path, CAREDESK_DB_KEY: key.toString('hex') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    // Before the fix, the worker's port held the process open until spawnSync's timeout killed it.
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('checkpointed\n');
  });
});

/** The nice value of each thread of this process, this (the main) thread first. */
function niceOfThreads(): number[] {
  return readdirSync('/proc/self/task')
    .sort((a, b) => Number(a) - Number(b))
    .map((thread) => {
      try {
        // After the command name's closing parenthesis, the 17th field is the nice value (proc(5)).
        const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      } catch {
        return NaN; // the thread ended meanwhile
      }
    });
}
