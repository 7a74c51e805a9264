import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLog, LOG_OPTIONS } from '../../src-main/log';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLog(stream, { ...LOG_OPTIONS, level: 'info' });
  return { log, text: () => lines.join('') };
}

const PHI = ['Wilhelmina', 'Quixotefield', '1961-03-14', '+16175550147', 'hunter2 but longer'];

describe('the logger', () => {
  it('censors PHI-named fields wherever they sit in the logged object', () => {
    const { log, text } = capture();
    log.info({ firstName: 'Wilhelmina' }, 'top level');
    log.info({ patient: { lastName: 'Quixotefield' } }, 'nested');
    log.info({ change: { fields: { row: { dateOfBirth: '1961-03-14', Phone: '+16175550147' } } } }, 'deep');
    log.warn({ attempts: [{ password: 'hunter2 but longer' }] }, 'in an array');
    log.info({ input: { anything: 'Wilhelmina' }, query: 'Quixotefield' }, 'whole inputs');
    for (const secret of PHI) expect(text(), secret).not.toContain(secret);
    expect(text()).toContain('[redacted]');
    // What it is there for still gets through: codes, channels, ids.
    log.info({ channel: 'patients.create', code: 'VALIDATION', patientId: 'p-1' }, 'kept');
    expect(text()).toMatch(/"channel":"patients.create","code":"VALIDATION","patientId":"p-1"/);
  });

  it('keeps only the name and code of an error: its message can quote the input', () => {
    const { log, text } = capture();
    const error = Object.assign(new Error('UNIQUE constraint failed: Quixotefield 1961-03-14'), {
      code: 'SQLITE_CONSTRAINT',
    });
    log.error({ err: error }, 'failed');
    log.error({ cause: error }, 'failed again');
    expect(text()).not.toContain('Quixotefield');
    expect(text()).toContain('SQLITE_CONSTRAINT');
  });
});
