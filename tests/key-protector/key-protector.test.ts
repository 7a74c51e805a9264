import { afterEach, describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_KEYSTORE_LINUX, safeStorageWrapper } from '../../src-main/electron/safe-storage';
import { adoptHarnessKeyFile } from '../../src-main/key-protector/adopt-key-file';
import { keyFileProtector } from '../../src-main/key-protector/key-file';
import { passphraseWrapper, STRONG_SCRYPT } from '../../src-main/key-protector/passphrase';
import { WRAPPED_KEY_FILE, wrappedKeyProtector } from '../../src-main/key-protector/wrapped-key';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-keys-'));
  folders.push(dir);
  return dir;
}

type Backend = ReturnType<Parameters<typeof safeStorageWrapper>[0]['getSelectedStorageBackend']>;

/** A stand-in for Electron's safeStorage: real AES-GCM under a secret only this "OS keystore" holds. */
function fakeKeystore(backend: Backend, options: { available?: boolean; rotated?: boolean } = {}) {
  const osSecret = randomBytes(32);
  let encryptions = 0;
  return {
    get encryptions() {
      return encryptions;
    },
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: () => Promise.resolve(options.available ?? true),
    encryptStringAsync(plainText: string) {
      encryptions++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', osSecret, iv);
      const data = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), data]));
    },
    decryptStringAsync(blob: Buffer) {
      const decipher = createDecipheriv('aes-256-gcm', osSecret, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      const result = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: options.rotated ?? false });
    },
  };
}

describe('the OS keystore protector (safeStorage, async API)', () => {
  it('makes a key on first run, keeps it only wrapped, and gives the same key back', async () => {
    const dir = dataFolder();
    const protector = wrappedKeyProtector(safeStorageWrapper(fakeKeystore('gnome_libsecret'), 'linux'), dir);
    const key = await protector.loadKey();
    expect(key).toHaveLength(32);
    expect((await protector.loadKey()).equals(key)).toBe(true);

    const stored = readFileSync(join(dir, WRAPPED_KEY_FILE));
    expect(stored.includes(Buffer.from(key.toString('hex')))).toBe(false);
    expect(stored.includes(key)).toBe(false);
    expect(statSync(join(dir, WRAPPED_KEY_FILE)).mode & 0o077).toBe(0);
  });

  it("refuses Linux's basic_text backend, says why, and writes nothing", async () => {
    const dir = dataFolder();
    const protector = wrappedKeyProtector(safeStorageWrapper(fakeKeystore('basic_text'), 'linux'), dir);
    expect(await protector.unavailableReason()).toBe(NO_KEYSTORE_LINUX);
    expect(NO_KEYSTORE_LINUX).toMatch(/will not store patient information/);
    await expect(protector.loadKey()).rejects.toMatchObject({ code: 'KEY_UNAVAILABLE' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('treats an unavailable keystore on Windows or macOS as no keystore', async () => {
    const wrapper = safeStorageWrapper(fakeKeystore('unknown', { available: false }), 'win32');
    expect(await wrapper.unavailableReason()).toMatch(/not available/);
  });

  it('re-wraps the key when the keystore says its own key was rotated', async () => {
    const dir = dataFolder();
    const keystore = fakeKeystore('kwallet6', { rotated: true });
    const protector = wrappedKeyProtector(safeStorageWrapper(keystore, 'linux'), dir);
    const key = await protector.loadKey();
    const before = readFileSync(join(dir, WRAPPED_KEY_FILE), 'utf8');
    expect((await protector.loadKey()).equals(key)).toBe(true);
    expect(keystore.encryptions).toBe(2);
    expect(readFileSync(join(dir, WRAPPED_KEY_FILE), 'utf8')).not.toBe(before);
  });

  it('says clearly when the wrapped key file is damaged', async () => {
    const dir = dataFolder();
    writeFileSync(join(dir, WRAPPED_KEY_FILE), '{"format":"caredesk-wrapped-key"');
    const protector = wrappedKeyProtector(safeStorageWrapper(fakeKeystore('kwallet5'), 'linux'), dir);
    await expect(protector.loadKey()).rejects.toThrow(/is damaged; see docs\/key-recovery.md/);
  });
});

describe('passphrase mode (scrypt)', () => {
  // Three real scrypt derivations at N=2^17: a few seconds, much more on a loaded machine.
  it(
    'unlocks with the right passphrase, refuses a wrong one, and uses strong scrypt parameters',
    { timeout: 180_000 },
    async () => {
      const dir = dataFolder();
      let typed = 'correct horse battery staple';
      const protector = wrappedKeyProtector(
        passphraseWrapper(() => Promise.resolve(typed)),
        dir,
      );
      const key = await protector.loadKey();
      expect((await protector.loadKey()).equals(key)).toBe(true);

      const stored = JSON.parse(readFileSync(join(dir, WRAPPED_KEY_FILE), 'utf8')) as { blob: string };
      const blob = JSON.parse(Buffer.from(stored.blob, 'base64').toString('utf8')) as Record<string, unknown>;
      expect(blob).toMatchObject({ kdf: 'scrypt', N: STRONG_SCRYPT.N, r: 8, p: 1 });
      expect(STRONG_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 17);

      typed = 'correct horse battery stapler';
      await expect(protector.loadKey()).rejects.toThrow('The passphrase is wrong');
    },
  );

  it('refuses a short passphrase before anything is written', async () => {
    const dir = dataFolder();
    const protector = wrappedKeyProtector(
      passphraseWrapper(() => Promise.resolve('short'), { N: 2 ** 14, r: 8, p: 1 }),
      dir,
    );
    await expect(protector.loadKey()).rejects.toThrow(/at least 12 characters/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the protector a key needs when policy switched to another one', async () => {
    const dir = dataFolder();
    await wrappedKeyProtector(safeStorageWrapper(fakeKeystore('gnome_libsecret'), 'linux'), dir).loadKey();
    const passphrase = wrappedKeyProtector(
      passphraseWrapper(() => Promise.resolve('a long enough passphrase'), { N: 2 ** 14, r: 8, p: 1 }),
      dir,
    );
    await expect(passphrase.loadKey()).rejects.toThrow(/protected by os-keystore.*set to use passphrase/);
  });
});

describe('the harness key file protector', () => {
  it('reuses the harness key file: 0600, the same key on every load', async () => {
    const dir = dataFolder();
    const protector = keyFileProtector(dir, {});
    const key = await protector.loadKey();
    expect(statSync(join(dir, 'db.key')).mode & 0o777).toBe(0o600);
    expect((await protector.loadKey()).equals(key)).toBe(true);
  });

  it('takes CAREDESK_DB_KEY when set', async () => {
    const hex = randomBytes(32).toString('hex');
    expect((await keyFileProtector(dataFolder(), { CAREDESK_DB_KEY: hex }).loadKey()).toString('hex')).toBe(hex);
  });
});

describe('a development folder first used by the harness', () => {
  it('hands the harness key to the OS keystore and deletes the plain key file', async () => {
    const dir = dataFolder();
    const harnessKey = await keyFileProtector(dir, {}).loadKey();
    const protector = wrappedKeyProtector(safeStorageWrapper(fakeKeystore('gnome_libsecret'), 'linux'), dir);
    expect(await adoptHarnessKeyFile(protector, dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([WRAPPED_KEY_FILE]);
    expect((await protector.loadKey()).equals(harnessKey)).toBe(true);
    // Once the keystore holds a key, a key file is never taken again.
    expect(await adoptHarnessKeyFile(protector, dir)).toBe(false);
  });
});
