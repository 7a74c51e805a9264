import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { KeyProtectorError, type SecretWrapper } from './key-protector';

/**
 * scrypt at N=2^17, r=8, p=1: 128 MiB and a few hundred milliseconds per attempt
 * on a clinic desktop, the OWASP-recommended floor for scrypt. The parameters are
 * stored with each blob, so they can be raised later without breaking old blobs.
 */
export const STRONG_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
export type ScryptParams = { N: number; r: number; p: number };

const MIN_PASSPHRASE = 12;
const blobSchema = z.object({
  kdf: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 14),
  r: z.number().int().min(8),
  p: z.number().int().min(1),
  salt: z.base64(),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

function derive(passphrase: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFKC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * Passphrase mode (IT policy `passphraseMode`): the database key is sealed with
 * AES-256-GCM under a key derived from the passphrase by scrypt. GCM's tag makes
 * a wrong passphrase a clear refusal, never a wrong key handed to the store.
 * `askPassphrase` is how this home asks the person (a prompt in the desktop app).
 */
export function passphraseWrapper(
  askPassphrase: () => Promise<string>,
  params: ScryptParams = STRONG_SCRYPT,
): SecretWrapper {
  return {
    kind: 'passphrase',
    unavailableReason: () => Promise.resolve(null),
    async wrap(secret) {
      const passphrase = await askPassphrase();
      if (passphrase.length < MIN_PASSPHRASE)
        throw new KeyProtectorError(
          'KEY_UNAVAILABLE',
          `The passphrase must have at least ${MIN_PASSPHRASE} characters`,
        );
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', await derive(passphrase, salt, params), iv);
      const data = Buffer.concat([cipher.update(secret), cipher.final()]);
      const base64 = (bytes: Buffer) => bytes.toString('base64');
      const blob: z.infer<typeof blobSchema> = {
        kdf: 'scrypt',
        ...params,
        salt: base64(salt),
        iv: base64(iv),
        tag: base64(cipher.getAuthTag()),
        data: base64(data),
      };
      return Buffer.from(JSON.stringify(blob));
    },
    async unwrap(raw) {
      let blob: z.infer<typeof blobSchema>;
      try {
        blob = blobSchema.parse(JSON.parse(raw.toString('utf8')));
      } catch {
        throw new KeyProtectorError('KEY_FILE_DAMAGED', 'The passphrase-protected key is damaged');
      }
      const b = (s: string) => Buffer.from(s, 'base64');
      const key = await derive(await askPassphrase(), b(blob.salt), blob);
      const decipher = createDecipheriv('aes-256-gcm', key, b(blob.iv));
      decipher.setAuthTag(b(blob.tag));
      try {
        return { secret: Buffer.concat([decipher.update(b(blob.data)), decipher.final()]) };
      } catch {
        throw new KeyProtectorError('KEY_UNWRAP_FAILED', 'The passphrase is wrong');
      }
    },
  };
}
