import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadHarnessKey } from '../harness/key-file';
import { DATABASE_FILE } from '../services';
import { StoreError } from '../store/database';
import { Store } from '../store/store';
import { verifyAuditChain } from './verify';

/**
 * `npm run audit:verify -- --data-dir DIR`: checks the audit's hash chain and exits
 * 0 when intact, 1 when any entry was edited, removed or reordered, 2 when the
 * store cannot be opened. The key comes from CAREDESK_DB_KEY or DIR/db.key (the
 * harness and IT-script key file); a desktop store sealed by the OS keystore is
 * checked from the app itself (admin screen, Verify).
 */
function main(): number {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } } });
  if (!values['data-dir']) {
    console.error('Usage: npm run audit:verify -- --data-dir DIR [--json]');
    return 2;
  }
  const dataDir = resolve(values['data-dir']);
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) {
    console.error(`No CareDesk store at ${path}`);
    return 2;
  }
  if (process.env.CAREDESK_DB_KEY === undefined && !existsSync(join(dataDir, 'db.key'))) {
    console.error(`No key for ${path}: set CAREDESK_DB_KEY or put the key file at ${join(dataDir, 'db.key')}`);
    return 2;
  }
  let store: Store;
  try {
    store = Store.open({ path, key: loadHarnessKey(dataDir) });
  } catch (error) {
    console.error(`Cannot open the store: ${error instanceof StoreError ? error.message : (error as Error).message}`);
    return 2;
  }
  const started = performance.now();
  const result = verifyAuditChain(store.sqlite);
  const ms = Math.round(performance.now() - started);
  store.close();
  if (values.json) {
    console.log(JSON.stringify({ ...result, ms }));
  } else {
    for (const p of result.problems) console.log(`${p.kind.padEnd(20)} ${p.detail}`);
    console.log(
      result.intact
        ? `Audit intact: ${result.entries} entries, head ${result.head} (${ms} ms)`
        : `Audit TAMPERED: ${result.problems.length} problem(s) in ${result.entries} entries`,
    );
  }
  return result.intact ? 0 : 1;
}

process.exitCode = main();
