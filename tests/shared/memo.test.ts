import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src-shared/memo';

/** A memo of upper-casing that records which keys it had to work out. */
function upperCaser(limit: number) {
  const worked: string[] = [];
  const upper = boundedMemo((name: string) => {
    worked.push(name);
    return name.toUpperCase();
  }, limit);
  return { upper, worked };
}

describe('a bounded memo', () => {
  it('works each answer out once while it is remembered', () => {
    const { upper, worked } = upperCaser(3);
    expect(['maria', 'smith', 'maria', 'smith', 'maria'].map(upper)).toEqual([
      'MARIA', 'SMITH', 'MARIA', 'SMITH', 'MARIA',
    ]); // prettier-ignore
    expect(worked).toEqual(['maria', 'smith']);
  });

  it('forgets the oldest answer first once it holds its limit', () => {
    const { upper, worked } = upperCaser(3);
    for (const name of ['ana', 'ben', 'cy', 'dee']) upper(name); // 'dee' pushes 'ana' out
    worked.length = 0;
    for (const name of ['ben', 'cy', 'dee']) expect(upper(name)).toBe(name.toUpperCase());
    expect(worked).toEqual([]);
    expect(upper('ana')).toBe('ANA');
    expect(worked).toEqual(['ana']); // worked out again, and 'ben' (now the oldest) is gone
    upper('ben');
    expect(worked).toEqual(['ana', 'ben']);
  });

  it('never holds more than its limit however many keys it sees', () => {
    const { upper, worked } = upperCaser(100);
    for (let i = 0; i < 10_000; i++) upper(`name ${i}`);
    worked.length = 0;
    // The last hundred are remembered; every one before them was forgotten.
    for (let i = 9_900; i < 10_000; i++) upper(`name ${i}`);
    expect(worked).toEqual([]);
    for (let i = 0; i < 9_900; i += 99) upper(`name ${i}`);
    expect(worked).toHaveLength(100);
  });

  it('remembers an answer that is undefined', () => {
    let calls = 0;
    const nothing = boundedMemo((_: string) => {
      calls++;
      return undefined;
    }, 10);
    nothing('a');
    nothing('a');
    expect(calls).toBe(1);
  });
});
