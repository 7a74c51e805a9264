import { startHarnessProcess, removeDataDir } from '../tests/support/harness';
import { median, type Benchmark } from './benchmark';
import { launchChromium } from './browser';

const ROUNDS = 5;

/**
 * Process start to the first usable screen: spawn the harness on a fresh data folder
 * (new key, new encrypted store, migrations), load the page in Chromium, and stop the
 * clock when the sign-in screen is on it. The browser is already running, as
 * a coordinator's would be.
 */
async function coldStartMs(): Promise<number> {
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const page = await browser.newPage();
      const started = performance.now();
      const harness = await startHarnessProcess(undefined, { CAREDESK_BENCH: '1' });
      await page.goto(harness.url);
      // The first usable screen of a fresh workstation with a bootstrap admin is sign-in, focused and ready to type.
      await page.getByRole('heading', { name: 'Sign in to CareDesk' }).waitFor();
      samples.push(performance.now() - started);
      await page.close();
      await harness.stop();
      removeDataDir(harness.dataDir);
    }
  } finally {
    await browser.close();
  }
  return median(samples);
}

export const benchmarks: Benchmark[] = [
  { name: 'harness.cold_start_ms', unit: 'ms', budget: { op: '<=', value: 1_500 }, run: coldStartMs },
];
