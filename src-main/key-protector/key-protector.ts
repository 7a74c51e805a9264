/**
 * Where the database key lives between runs. One interface, one adapter per home
 * (STYLE.md, "one interface, several homes"):
 *   - the OS keystore via Electron safeStorage (src-main/electron/safe-storage.ts),
 *   - a passphrase when IT policy sets passphrase mode (passphrase.ts),
 *   - the harness's key file or CAREDESK_DB_KEY (key-file.ts).
 * Services never ask which one they got.
 */
export interface KeyProtector {
  /** For logs and the refusal screen: `os-keystore`, `passphrase`, `key-file`. */
  readonly kind: string;
  /**
   * Why this protector cannot keep a key on this machine, in words for a person, or
   * null when it can. When it cannot, the app must not hold PHI.
   */
  unavailableReason(): Promise<string | null>;
  /** The database key: unwrapped from where it is kept, or made (32 random bytes) and kept on first run. */
  loadKey(): Promise<Buffer>;
  /**
   * Keeps a replacement key (before the store is re-keyed to it) and keeps the key
   * it replaces as `previous`, so a crash mid-rotation never strands the store.
   */
  storeKey(key: Buffer): Promise<void>;
  /** The key `storeKey` replaced, until `forgetPreviousKey`; null when there is none. */
  loadPreviousKey(): Promise<Buffer | null>;
  forgetPreviousKey(): Promise<void>;
}

/**
 * Something that turns a secret into a blob only it can turn back: the OS keystore
 * or a passphrase-derived key. wrapped-key.ts stores the blob in the user-data folder.
 */
export interface SecretWrapper {
  readonly kind: string;
  unavailableReason(): Promise<string | null>;
  wrap(secret: Buffer): Promise<Buffer>;
  /** `stale`: the keystore rotated its own key; the blob should be wrapped again. */
  unwrap(blob: Buffer): Promise<{ secret: Buffer; stale?: boolean }>;
}

export type KeyProtectorErrorCode = 'KEY_UNAVAILABLE' | 'KEY_UNWRAP_FAILED' | 'KEY_FILE_DAMAGED';

/** A key problem, with a message written for the person at the keyboard or IT. */
export class KeyProtectorError extends Error {
  constructor(
    readonly code: KeyProtectorErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyProtectorError';
  }
}
