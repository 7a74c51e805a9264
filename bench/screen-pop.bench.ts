import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHarnessKey } from '../src-main/harness/key-file';
import { startCareDesk } from '../src-main/services';
import { E2E_ADMIN, removeDataDir, startHarnessProcess } from '../tests/support/harness';
import { median, type Benchmark } from './benchmark';
import { launchChromium, signIn } from './browser';

const ROUNDS = 10;
const TOKEN = 'bench-cti-token-0123456789-abcdefghijklmnop';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function clinicWithOnePatient(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-pop-'));
  const app = startCareDesk({
    dataDir,
    key: loadHarnessKey(dataDir),
    trustedOrigins: ['app://seed'],
    bootstrapAdmin: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
  });
  // Any call through the router waits until the bootstrap admin exists.
  await app.router('session.state', {}, { origin: 'app://seed', mainFrame: true });
  app.session.openFor(E2E_ADMIN.username);
  const r = await app.router(
    'patients.create',
    { firstName: 'Zoe', lastName: 'Abernathy', dateOfBirth: '01/02/1950', phone: '(508) 555-0199' },
    { origin: 'app://seed', mainFrame: true },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  app.close();
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ ctiEndpointEnabled: true }));
  return dataDir;
}

/**
 * The phone system's request to the call entry on screen with the matched patient
 * chosen, in Chromium against the harness: POST /call, the event over the bridge,
 * the entry, `calls.matchCaller`, the patient ticked. The page notes the time it
 * sees the ticked patient; both clocks are this machine's.
 */
async function screenPopMs(): Promise<number> {
  const port = await freePort();
  const harness = await startHarnessProcess(await clinicWithOnePatient(), {
    CAREDESK_CTI_TOKEN: TOKEN,
    CAREDESK_CTI_PORT: String(port),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await signIn(page, harness.url);
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await page.keyboard.press('Alt+h');
      await page.getByRole('heading', { name: 'Ready' }).waitFor();
      // A string, not a function: the bundler would wrap named functions in helpers the page lacks.
      await page.evaluate(`(() => {
        window.popSeenAt = 0;
        const look = () => {
          if (window.popSeenAt) return;
          if (document.querySelector('input[name="call-patient"]:checked')) window.popSeenAt = Date.now();
          else requestAnimationFrame(look);
        };
        new MutationObserver(look).observe(document.body, { subtree: true, childList: true });
        requestAnimationFrame(look);
      })()`);
      const sent = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/call?from=5085550199`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      if (res.status !== 202) throw new Error(`CTI answered ${res.status}`);
      await page.waitForFunction(() => (window as unknown as { popSeenAt: number }).popSeenAt > 0);
      samples.push((await page.evaluate(() => (window as unknown as { popSeenAt: number }).popSeenAt)) - sent);
    }
    return median(samples);
  } finally {
    await browser.close();
    await harness.stop();
    removeDataDir(harness.dataDir);
  }
}

export const benchmarks: Benchmark[] = [
  { name: 'calls.screen_pop_ms', unit: 'ms', budget: { op: '<=', value: 300 }, run: screenPopMs },
];
