import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { Store } from '../../src-main/store/store';

/**
 * A new encrypted store file under its own temporary folder, opened, for tests of the
 * store itself (no services around it); the folder is removed when the test ends.
 * `path` and `key` reopen it.
 */
export function freshStoreFile(): { path: string; key: Buffer; store: Store } {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'caredesk.db');
  const key = randomBytes(32);
  return { path, key, store: Store.open({ path, key }) };
}
