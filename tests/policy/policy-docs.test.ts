import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { POLICY_KEYS } from '../../src-shared/policy/schema';
import { renderPolicyTable, withPolicyTable } from '../../src-main/policy/policy-docs';

describe('docs/policy.md', () => {
  const committed = readFileSync(new URL('../../docs/policy.md', import.meta.url), 'utf8');

  it('holds the key table generated from the schema (run `npm run docs:policy` when this fails)', () => {
    expect(withPolicyTable(committed)).toBe(committed);
  });

  it('lists every key of the schema', () => {
    for (const key of POLICY_KEYS) expect(renderPolicyTable()).toContain(`| \`${key}\` |`);
  });
});
