import { KeyProtectorError, type KeyProtector } from './key-protector';

/**
 * Unpackaged runs only (the Playwright `_electron` smoke test, a developer's
 * `npm start`): the key given in CAREDESK_DB_KEY, as the harness reads it
 * (64 hex digits). main.ts never consults it in a packaged app, so an installed
 * CareDesk cannot be pointed at a key by its environment.
 */
export function envKeyProtector(hex: string): KeyProtector {
  const refuse = () =>
    Promise.reject(new KeyProtectorError('KEY_UNAVAILABLE', 'The key comes from CAREDESK_DB_KEY; change it there'));
  return {
    kind: 'environment',
    unavailableReason: () =>
      Promise.resolve(/^[0-9a-fA-F]{64}$/.test(hex) ? null : 'CAREDESK_DB_KEY must be 64 hex digits'),
    loadKey: () => Promise.resolve(Buffer.from(hex, 'hex')),
    storeKey: refuse,
    loadPreviousKey: () => Promise.resolve(null),
    forgetPreviousKey: () => Promise.resolve(),
  };
}
