import pino from 'pino';

/**
 * The main process's logger. Log codes, channel names and ids, never PHI; the
 * redaction below is the safety net for a field name that slips through.
 */
export const log = pino({
  level: process.env.CAREDESK_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
  redact: {
    paths: ['input', 'value', 'patient', '*.firstName', '*.lastName', '*.dateOfBirth', '*.phone', '*.name', 'query'],
    censor: '[redacted]',
  },
});
