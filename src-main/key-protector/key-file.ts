import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_BYTES } from '../store/database';
import { loadHarnessKey } from '../harness/key-file';
import { KeyProtectorError, type KeyProtector } from './key-protector';

/**
 * The harness's and tests' home for the key: `CAREDESK_DB_KEY`, else `DIR/db.key`
 * (0600), read and created by src-main/harness/key-file.ts. Never used by the
 * packaged desktop app, which has the OS keystore or a passphrase.
 */
export function keyFileProtector(dataDir: string, env: NodeJS.ProcessEnv = process.env): KeyProtector {
  const current = join(dataDir, 'db.key');
  const previous = `${current}.previous`;
  return {
    kind: 'key-file',
    unavailableReason: () => Promise.resolve(null),
    loadKey: () => Promise.resolve(loadHarnessKey(dataDir, env)),
    async storeKey(key) {
      if (env.CAREDESK_DB_KEY !== undefined)
        throw new KeyProtectorError(
          'KEY_UNAVAILABLE',
          'The key comes from CAREDESK_DB_KEY, which CareDesk cannot change; rotate it where it is set',
        );
      if (existsSync(previous))
        throw new KeyProtectorError('KEY_FILE_DAMAGED', 'A key rotation is unfinished; restart CareDesk first');
      if (existsSync(current)) await copyFile(current, previous);
      const temporary = `${current}.${process.pid}.tmp`;
      await writeFile(temporary, key.toString('hex'), { mode: 0o600 });
      await rename(temporary, current);
    },
    async loadPreviousKey() {
      if (env.CAREDESK_DB_KEY !== undefined || !existsSync(previous)) return null;
      const key = Buffer.from((await readFile(previous, 'utf8')).trim(), 'hex');
      if (key.length !== KEY_BYTES) throw new KeyProtectorError('KEY_FILE_DAMAGED', `${previous} does not hold a key`);
      return key;
    },
    async forgetPreviousKey() {
      await rm(previous, { force: true });
    },
  };
}
