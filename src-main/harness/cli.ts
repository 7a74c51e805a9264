import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync } from 'node:fs';
import { startCtiFromPolicy } from '../calls/cti-endpoint';
import { jsonFileSource } from '../policy/json-file-source';
import { PolicyService, USER_SETTINGS_FILE } from '../policy/policy-service';
import { startCareDesk } from '../services';
import { seedDemoIfAsked } from './demo-clinic';
import { StoreError } from '../store/database';
import { loadHarnessKey } from './key-file';
import { startHarness } from './server';

/** `npm run web -- --data-dir DIR --port PORT`: the real services, served to a browser on loopback. */
async function main(): Promise<void> {
  // Every file made from here on (the store, its WAL, the key) is for this OS user only.
  process.umask(0o077);
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: '5199' } },
  });
  const dataDir = resolve(values['data-dir'] ?? '.caredesk-data');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, not ${values.port}`);
  // Two folders up is the project root both from src-main/harness (tsx) and from out/harness (the bundle).
  const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  if (!existsSync(rendererDir)) throw new Error('The renderer is not built: run `npm run build:web`');

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = loadHarnessKey(dataDir);
  // IT policy as the desktop app reads it, with DIR/settings.json as the user settings.
  // Tests stand a file of their own in for the machine's policy (/etc/caredesk/policy.json is the machine's).
  const machineFile = process.env.CAREDESK_MACHINE_POLICY_FILE;
  const policyService = machineFile
    ? new PolicyService([jsonFileSource(machineFile)], join(dataDir, USER_SETTINGS_FILE))
    : PolicyService.forUserData(dataDir);
  const policy = await policyService.load();
  for (const problem of policy.problems) console.error(`Policy: ${problem}`);
  // The router trusts exactly this harness's origin.
  const harness = await startHarness(
    (origin) =>
      startCareDesk({
        dataDir,
        key,
        trustedOrigins: [origin],
        // The settings screen changes this same service, so a new idle lock applies at once.
        policy: policyService,
        // The clinic sync hub: CAREDESK_HUB_URL for a test run, else IT policy; none = work alone.
        hubUrl: process.env.CAREDESK_HUB_URL ?? policy.values.hubUrl ?? undefined,
      }),
    rendererDir,
    port,
  );
  const cti = await startCtiFromPolicy(harness.app.events, policy.values.ctiEndpointEnabled);
  if (cti.problem) console.error(`Policy: ${cti.problem}`);
  if (cti.endpoint) console.log(`CTI endpoint: ${cti.endpoint.url}`);
  seedDemoIfAsked(harness.app);
  console.log(`CareDesk harness: ${harness.url}`);
  const stop = () => void Promise.all([harness.close(), cti.endpoint?.close()]).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof StoreError ? `${error.code}: ${error.message}` : (error as Error).message;
  console.error(`CareDesk harness could not start. ${message}`);
  process.exit(1);
});
