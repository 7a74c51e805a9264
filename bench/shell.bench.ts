import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { passphraseWrapper } from '../src-main/key-protector/passphrase';
import { rekeyDatabase } from '../src-main/store/rekey';
import { Store } from '../src-main/store/store';
import { scanShell } from '../scripts/electronegativity';
import type { Benchmark } from './benchmark';

const REKEY_CHANGES = 100_000;

export const benchmarks: Benchmark[] = [
  {
    // The same scan as `npm run lint:electron` (sources and shipped bundles).
    name: 'security.electronegativity_findings',
    unit: 'findings',
    budget: { op: '<=', value: 0 },
    run: async () => (await scanShell()).findings.length,
  },
  {
    // What a coordinator waits for at start in passphrase mode: one scrypt derivation + AES-GCM.
    name: 'key.passphrase_unlock_ms',
    unit: 'ms',
    run: async () => {
      const wrapper = passphraseWrapper(() => Promise.resolve('a clinic passphrase of some length'));
      const blob = await wrapper.wrap(randomBytes(32));
      const started = performance.now();
      await wrapper.unwrap(blob);
      return performance.now() - started;
    },
  },
  {
    // A key rotation re-encrypts every page: how long IT's rotate command holds the store.
    name: 'store.rekey_ms',
    unit: `ms / ${REKEY_CHANGES.toLocaleString('en-US')} outbox rows`,
    run: () => {
      const dir = mkdtempSync(join(tmpdir(), 'caredesk-bench-rekey-'));
      const path = join(dir, 'caredesk.db');
      const key = randomBytes(32);
      try {
        const store = Store.open({ path, key });
        const fields = { firstName: 'Ottoline', lastName: 'Marchbanks', phone: '+16175550199', note: 'x'.repeat(200) };
        for (let i = 0; i < REKEY_CHANGES; i += 10_000)
          store.write((tx) => {
            for (let j = 0; j < 10_000; j++)
              store.recordChange(tx, { tableName: 'patients', rowId: `p${i + j}`, op: 'insert', fields }, null);
          });
        store.close();
        const started = performance.now();
        rekeyDatabase(path, key, randomBytes(32));
        return performance.now() - started;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
