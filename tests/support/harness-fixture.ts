import { test as base } from '@playwright/test';
import { killHarness } from './kill';
import { removeDataDir, startHarnessProcess, type RunningHarness } from './harness';

/** How a file's harness starts; set with `test.use({ harnessSetup: ... })`. */
export interface HarnessSetup {
  /** Makes the data folder it starts on (a clinic seeded beforehand); by default a fresh, empty one. */
  dataDir?: () => Promise<string> | string;
  /** Added to the harness's environment (policy file, demo seed, hub URL...). */
  env?: NodeJS.ProcessEnv;
}

/** The test's harness: the real services on a real encrypted store, in their own process. */
export interface TestHarness {
  readonly url: string;
  readonly dataDir: string;
  /** Stops it as a person quits the app, and starts it again on the same data folder. */
  restart(): Promise<void>;
  /** Kills it as a crash or a power cut would (SIGKILL), and starts it again on the same data folder. */
  killAndRestart(): Promise<void>;
}

/**
 * Playwright's `test` with a `harness` fixture: each test that asks for it gets a harness of
 * its own on a fresh data folder (STYLE.md: e2e tests start from a fresh data folder), stopped
 * and removed after the test however it ended.
 */
export const test = base.extend<{ harnessSetup: HarnessSetup; harness: TestHarness }>({
  harnessSetup: [{}, { option: true }],
  harness: async ({ harnessSetup }, use) => {
    const env = harnessSetup.env ?? {};
    let running: RunningHarness = await startHarnessProcess(await harnessSetup.dataDir?.(), env);
    const dataDir = running.dataDir;
    try {
      await use({
        get url() {
          return running.url;
        },
        dataDir,
        async restart() {
          await running.stop();
          running = await startHarnessProcess(dataDir, env);
        },
        async killAndRestart() {
          await killHarness(running);
          running = await startHarnessProcess(dataDir, env);
        },
      });
    } finally {
      await running.stop();
      removeDataDir(dataDir);
    }
  },
});
