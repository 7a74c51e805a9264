import pino, { type DestinationStream, type LoggerOptions } from 'pino';

/**
 * Field names whose values are PHI or secrets, at any depth. Matching is on the
 * key, case-insensitively, because pino's own `redact` paths are exact (a
 * `*.phone` path misses `phone` at the top and `a.b.phone` further down).
 */
const REDACTED_KEYS = new Set(
  [
    'input',
    'value',
    'values',
    'patient',
    'patients',
    'query',
    'text',
    'note',
    'notes',
    'body',
    'name',
    'firstName',
    'middleName',
    'lastName',
    'preferredName',
    'fullName',
    'displayName',
    'dateOfBirth',
    'dob',
    'phone',
    'phones',
    'email',
    'address',
    'street',
    'postalCode',
    'ssn',
    'password',
    'passphrase',
    'verifier',
    'key',
    'token',
    'secret',
    'authorization',
    'cookie',
  ].map((k) => k.toLowerCase()),
);
export const CENSOR = '[redacted]';

/** A copy of `value` with every PHI-named field censored and every error cut down to its name and code. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return CENSOR;
  if (value instanceof Error) {
    // An error's message can quote the input that caused it.
    return { name: value.name, code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, REDACTED_KEYS.has(k.toLowerCase()) ? CENSOR : scrub(v, depth + 1)]),
    );
  }
  return value;
}

/**
 * The logger's options: log codes, channel names and ids, never PHI; `scrub` is
 * the safety net for a field that slips through. Exported for the redaction test.
 */
export const LOG_OPTIONS: LoggerOptions = {
  level: process.env.CAREDESK_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  formatters: { log: (object) => scrub(object) as Record<string, unknown> },
  // `err` is scrubbed like everything else, not serialized with its message and stack.
  serializers: { err: (e: unknown) => scrub(e) },
};

export function createLog(destination?: DestinationStream, options: LoggerOptions = LOG_OPTIONS) {
  return destination ? pino(options, destination) : pino(options);
}

/** The main process's logger. */
export const log = createLog();
