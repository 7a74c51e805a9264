import { describe, expect, it } from 'vitest';
import { parseScreenPopUrl, readCaller } from '../../src-shared/calls/screen-pop';

describe('the caredesk://call screen-pop link', () => {
  it.each([
    ['caredesk://call?from=%2B16175550147', '+16175550147'],
    ['caredesk://call?from=6175550147', '+16175550147'],
    ['caredesk://call?from=(617)%20555-0147', '+16175550147'],
    ['caredesk://call?from=tel:%2B16175550147', '+16175550147'],
    ['caredesk://call/?from=617.555.0147', '+16175550147'],
    ['caredesk:call?from=6175550147', '+16175550147'],
    ['caredesk://call?from=%2B442079460958', '+442079460958'],
  ])('%s opens a call from %s', (url, phone) => {
    expect(parseScreenPopUrl(url)).toEqual({ ok: true, phone });
  });

  it.each([
    'caredesk://call',
    'caredesk://call?from=',
    'caredesk://call?from=anonymous',
    'caredesk://call?from=Private',
  ])('%s opens a call with the number withheld', (url) =>
    expect(parseScreenPopUrl(url)).toEqual({ ok: true, phone: null }),
  );

  it.each([
    ['not a url', /Not a URL/],
    ['https://call?from=6175550147', /Only caredesk:\/\/call/],
    ['caredesk://patient?from=6175550147', /Only caredesk:\/\/call/],
    ['caredesk://call?from=12', /not a valid phone number/],
    ['caredesk://call?from=javascript:alert(1)', /not a valid phone number/],
    [`caredesk://call?from=${'9'.repeat(60)}`, /too long/],
  ])('refuses %s', (url, message) => {
    const result = parseScreenPopUrl(url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('reads a phone system number the same way', () => {
    expect(readCaller(' +1 617 555 0147 ')).toEqual({ ok: true, phone: '+16175550147' });
    expect(readCaller(null)).toEqual({ ok: true, phone: null });
  });
});
