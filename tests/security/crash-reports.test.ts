import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { filesUnder } from '../support/plaintext-scan';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('crash reports', () => {
  it('are never started: no crash dump (which holds renderer memory, so PHI) is collected or uploaded', () => {
    const sources = ['src-main', 'src-renderer', 'src-shared'].flatMap((dir) =>
      filesUnder(`${ROOT}${dir}`).filter((f) => /\.(ts|tsx)$/.test(f)),
    );
    expect(sources.length).toBeGreaterThan(20);
    const starting = sources.filter((f) => /crashReporter\s*\.\s*start\s*\(/.test(readFileSync(f, 'utf8')));
    expect(starting).toEqual([]);
  });
});
