import { expect } from 'vitest';

// Asymmetric matchers typed as `unknown`, so they sit in expected objects without `any`.
export const anyString: unknown = expect.any(String);
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const containing = (text: string): unknown => expect.stringContaining(text);
export const including = (items: unknown[]): unknown => expect.arrayContaining(items);
export const having = (fields: object): unknown => expect.objectContaining(fields);
