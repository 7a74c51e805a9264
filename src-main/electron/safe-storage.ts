import type { SafeStorage } from 'electron';
import type { SecretWrapper } from '../key-protector/key-protector';

type SafeStorageApi = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

export const NO_KEYSTORE_LINUX =
  'This computer has no working keystore (GNOME Keyring or KWallet): Linux would keep the database key ' +
  'protected only by a fixed, publicly known password. CareDesk will not store patient information here. ' +
  'Ask IT to enable the desktop keyring, or to turn on passphrase mode in CareDesk policy.';
export const NO_KEYSTORE =
  "This computer's keystore (Windows DPAPI or macOS Keychain) is not available, so CareDesk cannot protect " +
  'the database key and will not store patient information. Ask IT, or turn on passphrase mode in CareDesk policy.';

/**
 * The OS keystore as a SecretWrapper, through safeStorage's async API (DPAPI,
 * Keychain, libsecret/KWallet). On Linux, `basic_text` means Chromium fell back to
 * a hard-coded password: that is obfuscation, not protection, so it counts as no
 * keystore and the app refuses to hold PHI. `safeStorage` is passed in, so this
 * file runs under plain Node in tests with a fake.
 */
export function safeStorageWrapper(safeStorage: SafeStorageApi, platform: NodeJS.Platform): SecretWrapper {
  return {
    kind: 'os-keystore',
    async unavailableReason() {
      if (platform === 'linux') {
        const backend = safeStorage.getSelectedStorageBackend();
        if (backend === 'basic_text' || backend === 'unknown') return NO_KEYSTORE_LINUX;
      }
      return (await safeStorage.isAsyncEncryptionAvailable()) ? null : NO_KEYSTORE;
    },
    async wrap(secret) {
      // safeStorage encrypts strings; hex keeps the 32 key bytes exact through it.
      return safeStorage.encryptStringAsync(secret.toString('hex'));
    },
    async unwrap(blob) {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(blob);
      return { secret: Buffer.from(result, 'hex'), stale: shouldReEncrypt };
    },
  };
}
