import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { KEY_BYTES } from '../store/database';
import { KeyProtectorError, type KeyProtector, type SecretWrapper } from './key-protector';

export const WRAPPED_KEY_FILE = 'db.key.wrapped';

const wrappedKeyFile = z.object({
  format: z.literal('caredesk-wrapped-key'),
  version: z.literal(1),
  wrapper: z.string(),
  blob: z.base64(),
});
type WrappedKeyFile = z.infer<typeof wrappedKeyFile>;

/**
 * A KeyProtector that keeps the database key wrapped by a SecretWrapper in
 * `<userData>/db.key.wrapped`. The file names its wrapper, so a key wrapped by the
 * OS keystore is never fed to the passphrase path (or the other way round) with
 * a confusing failure: the person is told which one it needs.
 */
export function wrappedKeyProtector(wrapper: SecretWrapper, dataDir: string): KeyProtector {
  const current = join(dataDir, WRAPPED_KEY_FILE);
  const previous = `${current}.previous`;

  async function write(path: string, key: Buffer): Promise<void> {
    const record: WrappedKeyFile = {
      format: 'caredesk-wrapped-key',
      version: 1,
      wrapper: wrapper.kind,
      blob: (await wrapper.wrap(key)).toString('base64'),
    };
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Write-then-rename: a crash leaves the old wrapped key or the new one, never half of either.
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
    await rename(temporary, path);
  }

  async function read(path: string): Promise<Buffer> {
    let record: WrappedKeyFile;
    try {
      record = wrappedKeyFile.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      throw new KeyProtectorError('KEY_FILE_DAMAGED', `${path} is damaged; see docs/key-recovery.md`);
    }
    if (record.wrapper !== wrapper.kind) {
      throw new KeyProtectorError(
        'KEY_UNWRAP_FAILED',
        `The database key was protected by ${record.wrapper}, but this workstation is set to use ${wrapper.kind}; ` +
          'see docs/key-recovery.md',
      );
    }
    const { secret, stale } = await wrapper.unwrap(Buffer.from(record.blob, 'base64'));
    if (secret.length !== KEY_BYTES) throw new KeyProtectorError('KEY_FILE_DAMAGED', `${path} does not hold a key`);
    if (stale) await write(path, secret);
    return secret;
  }

  async function usable(): Promise<void> {
    const why = await wrapper.unavailableReason();
    if (why) throw new KeyProtectorError('KEY_UNAVAILABLE', why);
  }

  return {
    kind: wrapper.kind,
    unavailableReason: () => wrapper.unavailableReason(),
    async loadKey() {
      await usable();
      if (existsSync(current)) return read(current);
      if (existsSync(previous))
        throw new KeyProtectorError('KEY_FILE_DAMAGED', `${current} is missing; see docs/key-recovery.md`);
      const key = randomBytes(KEY_BYTES);
      await write(current, key);
      return key;
    },
    async storeKey(key) {
      await usable();
      if (existsSync(previous))
        throw new KeyProtectorError('KEY_FILE_DAMAGED', 'A key rotation is unfinished; restart CareDesk first');
      // Copy, not move: at every instant a complete current key file exists.
      if (existsSync(current)) await copyFile(current, previous);
      await write(current, key);
    },
    async loadPreviousKey() {
      return existsSync(previous) ? read(previous) : null;
    },
    async forgetPreviousKey() {
      await rm(previous, { force: true });
    },
  };
}
