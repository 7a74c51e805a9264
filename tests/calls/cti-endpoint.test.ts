import { afterEach, describe, expect, it } from 'vitest';
import { startCtiEndpoint, type CtiEndpoint } from '../../src-main/calls/cti-endpoint';
import { popCallFromUrl } from '../../src-main/calls/screen-pop';
import { EventBus } from '../../src-main/ipc/event-bus';

const TOKEN = 'a'.repeat(20) + 'b'.repeat(20);
let endpoint: CtiEndpoint | undefined;
afterEach(async () => endpoint?.close());

function listen(bus: EventBus) {
  const seen: unknown[] = [];
  bus.on((name, payload) => seen.push({ name, payload }));
  return seen;
}

describe('the CTI screen-pop endpoint', () => {
  it('with the right token, pops a call entry for the number and says nothing about patients', async () => {
    const bus = new EventBus();
    const seen = listen(bus);
    endpoint = await startCtiEndpoint({ events: bus, token: TOKEN });
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/call$/);
    const res = await fetch(`${endpoint.url}?from=${encodeURIComponent('+1 617 555 0147')}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen).toEqual([
      { name: 'calls.screenPop', payload: { phone: '+16175550147', receivedAt: expect.any(String) as unknown } },
    ]);
  });

  it('refuses a wrong or missing token, a web page, a GET and a bad number, and pops nothing', async () => {
    const bus = new EventBus();
    const seen = listen(bus);
    endpoint = await startCtiEndpoint({ events: bus, token: TOKEN });
    const post = (headers: Record<string, string>, from = '6175550147', method = 'POST') =>
      fetch(`${endpoint!.url}?from=${from}`, { method, headers }).then((r) => r.status);
    expect(await post({ Authorization: 'Bearer wrong' })).toBe(401);
    expect(await post({})).toBe(401);
    expect(await post({ Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example' })).toBe(403);
    expect(await post({ Authorization: `Bearer ${TOKEN}` }, '6175550147', 'GET')).toBe(405);
    expect(await post({ Authorization: `Bearer ${TOKEN}` }, '12')).toBe(400);
    expect(seen).toEqual([]);
  });

  it('will not start with a short token', async () => {
    await expect(startCtiEndpoint({ events: new EventBus(), token: 'short' })).rejects.toThrow(/at least 32/);
  });

  it('the desktop protocol handler pops the same event from a caredesk://call link', () => {
    const bus = new EventBus();
    const seen = listen(bus);
    expect(popCallFromUrl(bus, 'caredesk://call?from=6175550147')).toEqual({ ok: true, phone: '+16175550147' });
    expect(popCallFromUrl(bus, 'caredesk://settings')).toMatchObject({ ok: false });
    expect(seen).toHaveLength(1);
  });
});
