/**
 * Error codes that cross the IPC bridge and the hub's HTTP boundary. The renderer
 * decides what to show from the code; the message is for people, never for parsing.
 */
export const ERROR_CODES = [
  'VALIDATION', // input failed its schema; `fields` says which
  'UNKNOWN_CHANNEL',
  'UNAUTHENTICATED', // nobody is signed in, or the session is locked
  'FORBIDDEN', // the signed-in role may not use this channel
  'NOT_FOUND',
  'CONFLICT',
  'STORE_WRONG_KEY',
  'STORE_DAMAGED',
  'STORE_NOT_ENCRYPTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Field path (dotted) -> message, for errors tied to form fields. */
  fields?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Thrown by services for an expected failure; the router turns it into `{ ok: false }`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
