import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadHarnessKey } from '../src-main/harness/key-file';
import { seedPatients } from '../src-main/patients/seed';
import { DATABASE_FILE } from '../src-main/services';
import { Store } from '../src-main/store/store';

/**
 * `npm run seed -- --data-dir DIR --patients N [--seed S]`: adds N synthetic patients
 * to the encrypted store in DIR (made if absent, with the harness's key file), so
 * `npm run web -- --data-dir DIR` opens a clinic with that many patients.
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    patients: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const count = Number(values.patients);
const seed = Number(values.seed);
if (!values['data-dir'] || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('Usage: npm run seed -- --data-dir DIR --patients N [--seed S]');
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const store = Store.open({ path: `${dataDir}/${DATABASE_FILE}`, key: loadHarnessKey(dataDir) });
const started = performance.now();
let lastReport = 0;
try {
  seedPatients(store, count, seed, (done) => {
    if (done - lastReport >= 50_000 || done === count) {
      lastReport = done;
      console.log(`${done} patients (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  });
} finally {
  store.close();
}
console.log(`Seeded ${count} patients into ${dataDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
