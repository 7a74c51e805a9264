import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';
import { startHarnessProcess, removeDataDir } from '../tests/support/harness';
import { median, type Benchmark } from './benchmark';

const ROUNDS = 5;

/**
 * Process start to the first usable screen: spawn the harness (the bundled main-process
 * code on Node 22), load the page in Chromium, and stop the clock when the sign-in
 * screen is on it. The browser is already running, as a coordinator's would be.
 *
 * `harness.cold_start_ms` is a workstation's every-morning start: its data folder
 * exists (key, encrypted store, accounts). `harness.first_run_ms` is the once-only
 * start on an empty folder: new key, new store, every migration, and the bootstrap
 * admin's memory-hard verifier.
 */
async function startToSignIn(browser: Browser, dataDir?: string): Promise<number> {
  const page = await browser.newPage();
  const started = performance.now();
  const harness = await startHarnessProcess(dataDir, { CAREDESK_BENCH: '1' });
  await page.goto(harness.url);
  await page.getByRole('heading', { name: 'Sign in to CareDesk' }).waitFor();
  const elapsed = performance.now() - started;
  await page.close();
  await harness.stop();
  if (!dataDir) removeDataDir(harness.dataDir);
  return elapsed;
}

async function withBrowser(run: (browser: Browser) => Promise<number>): Promise<number> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    return await run(browser);
  } finally {
    await browser.close();
  }
}

async function rounds(measure: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) samples.push(await measure());
  return median(samples);
}

const coldStartMs = () =>
  withBrowser(async (browser) => {
    // One first run, to its sign-in screen, makes the workstation (and its admin); the
    // rounds then start it again and again.
    const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-'));
    try {
      await startToSignIn(browser, dataDir);
      return await rounds(() => startToSignIn(browser, dataDir));
    } finally {
      removeDataDir(dataDir);
    }
  });

const firstRunMs = () => withBrowser((browser) => rounds(() => startToSignIn(browser)));

export const benchmarks: Benchmark[] = [
  { name: 'harness.cold_start_ms', unit: 'ms', budget: { op: '<=', value: 1_500 }, run: coldStartMs },
  { name: 'harness.first_run_ms', unit: 'ms', run: firstRunMs },
];
