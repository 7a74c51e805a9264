import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KEY_BYTES } from '../store/database';

/**
 * The harness's key protector: `CAREDESK_DB_KEY` (64 hex digits) when set, else
 * `DIR/db.key`, made on first run with 0600 permissions. The desktop app wraps its
 * key with the OS keystore instead (src-main/electron/key-protector.ts).
 */
export function loadHarnessKey(dataDir: string, env = process.env): Buffer {
  const fromEnv = env.CAREDESK_DB_KEY;
  if (fromEnv !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('CAREDESK_DB_KEY must be 64 hex digits');
    return Buffer.from(fromEnv, 'hex');
  }
  const path = join(dataDir, 'db.key');
  if (existsSync(path)) {
    if ((statSync(path).mode & 0o077) !== 0) throw new Error(`${path} must be readable by its owner only (chmod 600)`);
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
    if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte key`);
    return key;
  }
  const key = randomBytes(KEY_BYTES);
  writeFileSync(path, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return key;
}
