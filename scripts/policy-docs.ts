import { readFileSync, writeFileSync } from 'node:fs';
import { withPolicyTable } from '../src-main/policy/policy-docs';

/** `npm run docs:policy`: regenerates the key table in docs/policy.md from src-shared/policy/schema.ts. */
const path = new URL('../docs/policy.md', import.meta.url);
writeFileSync(path, withPolicyTable(readFileSync(path, 'utf8')));
console.log('docs/policy.md: policy key table regenerated');
