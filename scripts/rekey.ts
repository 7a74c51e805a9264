import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { keyFileProtector } from '../src-main/key-protector/key-file';
import { rotateDatabaseKey } from '../src-main/key-protector/rotate';
import { DATABASE_FILE } from '../src-main/services';

/**
 * `npm run rekey -- --data-dir DIR`: replaces the database key of a harness data
 * folder (DIR/db.key) and re-encrypts the store with it. The desktop app does the
 * same for its OS-keystore key with `CareDesk --rotate-database-key`
 * (docs/key-recovery.md). Stop CareDesk first: the store must not be open.
 */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
if (!values['data-dir']) {
  console.error('Usage: npm run rekey -- --data-dir DIR');
  process.exit(2);
}
const dataDir = resolve(values['data-dir']);
try {
  await rotateDatabaseKey(keyFileProtector(dataDir), join(dataDir, DATABASE_FILE));
  console.log(`The database key of ${dataDir} was replaced; the old key no longer opens it.`);
} catch (error) {
  console.error(`The key was not changed: ${(error as Error).message}`);
  process.exit(1);
}
