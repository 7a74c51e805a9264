import { afterEach, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Result } from '../../src-shared/errors';
import type { Router, Sender } from '../../src-main/ipc/router';
import { openAllowedExternal } from '../../src-main/electron/external';
import { hardenSession, hardenWebContents } from '../../src-main/electron/hardening';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-main/electron/ipc-channels';
import { exposeRouter, pushEvent } from '../../src-main/electron/ipc';
import { serveRenderer } from '../../src-main/electron/protocol';

/**
 * The Electron-facing modules run here against small stand-ins for ipcMain,
 * WebContents, Session and protocol (they import Electron's types only), so the
 * real wrapper and handlers are what is tested.
 */
type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (name: string, fn: Handler) => void handlers.set(name, fn),
  };
}

function invokeEvent(frame: { url: string; top: boolean; destroyed?: boolean } | null) {
  const parent = frame?.top ? null : {};
  return {
    senderFrame: frame && { url: frame.url, parent, isDestroyed: () => frame.destroyed ?? false },
  };
}

describe('the IPC wrapper', () => {
  const calls: Array<[string, unknown, Sender]> = [];
  const router: Router = (channel, input, sender) => {
    calls.push([channel, input, sender]);
    return Promise.resolve({ ok: true, value: 'done' });
  };
  afterEach(() => calls.splice(0));

  function call(frame: Parameters<typeof invokeEvent>[0], ...args: unknown[]) {
    const ipcMain = fakeIpcMain();
    exposeRouter(ipcMain as never, router);
    expect([...ipcMain.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    return ipcMain.handlers.get(INVOKE_CHANNEL)!(invokeEvent(frame), ...args) as Promise<Result<unknown>>;
  }

  it('passes a call from our page to the shared router with the sender it saw', async () => {
    const result = await call({ url: 'app://caredesk/index.html', top: true }, 'patients.search', { query: 'x' });
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['patients.search', { query: 'x' }, { origin: 'app://caredesk', mainFrame: true }]]);
  });

  it.each([
    ['an iframe of our page', { url: 'app://caredesk/index.html', top: false }],
    ['another origin', { url: 'https://evil.example/', top: true }],
    ['a frame destroyed while the message was in flight', { url: 'app://caredesk/', top: true, destroyed: true }],
    ['no frame at all', null],
  ])('refuses %s and runs nothing', async (_name, frame) => {
    const result = await call(frame, 'patients.create', { firstName: 'Eve' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('refuses a channel that is not a string without reaching the router', async () => {
    const result = await call({ url: 'app://caredesk/', top: true }, { toString: () => 'patients.create' }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(calls).toEqual([]);
  });
});

describe('pushing events to the page', () => {
  function contents(url: string) {
    const sent: unknown[][] = [];
    return {
      sent,
      isDestroyed: () => false,
      mainFrame: { url },
      send: (...args: unknown[]) => void sent.push(args),
    };
  }

  it('sends a valid event to our page', () => {
    const page = contents('app://caredesk/index.html');
    expect(pushEvent(page as never, 'session.changed', { state: 'locked' } as never)).toBe(true);
    expect(page.sent).toEqual([[EVENT_CHANNEL, 'session.changed', { state: 'locked' }]]);
  });

  it('sends nothing to a page that is not ours', () => {
    const page = contents('https://evil.example/');
    expect(pushEvent(page as never, 'session.changed', { state: 'locked' } as never)).toBe(false);
    expect(page.sent).toEqual([]);
  });

  it('refuses a payload its schema does not accept', () => {
    const page = contents('app://caredesk/index.html');
    expect(() => pushEvent(page as never, 'session.changed', { state: 'hacked' } as never)).toThrow();
    expect(page.sent).toEqual([]);
  });
});

describe('navigation, windows and webviews', () => {
  function hardened() {
    const contents = Object.assign(new EventEmitter(), {
      windowOpenHandler: null as null | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
        this.windowOpenHandler = fn;
      },
    });
    const opened: string[] = [];
    hardenWebContents(contents as never, (url) => {
      opened.push(url);
      return Promise.resolve();
    });
    const navigate = (event: string, url: string) => {
      let prevented = false;
      contents.emit(event, { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    return { contents, opened, navigate };
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: stays in the app, blocks the web',
    (event) => {
      const { navigate, opened } = hardened();
      expect(navigate(event, 'app://caredesk/index.html')).toBe(false);
      expect(navigate(event, 'https://evil.example/login')).toBe(true);
      expect(navigate(event, 'file:///etc/passwd')).toBe(true);
      expect(navigate(event, 'https://help.caredesk.health/keyboard')).toBe(true);
      expect(opened).toEqual(['https://help.caredesk.health/keyboard']);
    },
  );

  it('denies every new window; an allowlisted link goes to the OS browser', () => {
    const { contents, opened } = hardened();
    expect(contents.windowOpenHandler!({ url: 'app://caredesk/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'mailto:it-help@clinic.example' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['mailto:it-help@clinic.example']);
  });

  it('prevents every webview from attaching', () => {
    const { contents } = hardened();
    let prevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, {});
    expect(prevented).toBe(true);
  });
});

describe('permissions and downloads', () => {
  function hardenedSession() {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const emitter = new EventEmitter();
    const session = Object.assign(emitter, {
      setPermissionRequestHandler: (fn: never) => (handlers.request = fn),
      setPermissionCheckHandler: (fn: never) => (handlers.check = fn),
      setDevicePermissionHandler: (fn: never) => (handlers.device = fn),
      setDisplayMediaRequestHandler: (fn: never) => (handlers.display = fn),
    });
    hardenSession(session as never);
    return { handlers, session };
  }

  it('denies permission requests and checks, even from our own page', () => {
    const { handlers } = hardenedSession();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      let granted: boolean | null = null;
      const request = handlers.request as (...a: unknown[]) => void;
      request({}, permission, (g: boolean) => (granted = g), { requestingUrl: 'app://caredesk/index.html' });
      expect(granted, permission).toBe(false);
      const check = handlers.check as (...a: unknown[]) => boolean;
      expect(check({}, permission, 'app://caredesk', {})).toBe(false);
    }
    expect((handlers.device as () => boolean)()).toBe(false);
    let streams: unknown = 'unset';
    (handlers.display as (...a: unknown[]) => void)({}, (s: unknown) => (streams = s));
    expect(streams).toBeNull();
  });

  it('cancels downloads started by a page', () => {
    const { session } = hardenedSession();
    let prevented = false;
    session.emit('will-download', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });
});

describe('shell.openExternal', () => {
  it('is called only for allowlisted URLs', async () => {
    const opened: string[] = [];
    const shell = { openExternal: (url: string) => Promise.resolve(void opened.push(url)) };
    expect(await openAllowedExternal(shell, 'https://help.caredesk.health/')).toBe(true);
    expect(await openAllowedExternal(shell, 'file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(await openAllowedExternal(shell, 'https://evil.example/')).toBe(false);
    expect(opened).toEqual(['https://help.caredesk.health/']);
  });
});

describe('the app:// handler', () => {
  const folders: string[] = [];
  afterEach(() => folders.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function served() {
    const root = mkdtempSync(join(tmpdir(), 'caredesk-renderer-'));
    folders.push(root);
    mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>CareDesk</title>');
    writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'db.key.wrapped'), 'secret');
    let handler: ((request: Request) => Promise<Response>) | null = null;
    serveRenderer({ handle: (_scheme: string, fn: typeof handler) => (handler = fn) } as never, join(root, 'renderer'));
    return (url: string, method = 'GET') => handler!(new Request(url, { method }));
  }

  it('serves the page and its scripts with the CSP header', async () => {
    const fetch = served();
    const page = await fetch('app://caredesk/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>CareDesk</title>');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    const script = await fetch('app://caredesk/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBeTruthy();
  });

  it('answers 404 outside the renderer folder, for missing files, other hosts and other methods', async () => {
    const fetch = served();
    expect((await fetch('app://caredesk/assets/..%2f..%2fdb.key.wrapped')).status).toBe(404);
    expect((await fetch('app://caredesk/missing.js')).status).toBe(404);
    expect((await fetch('app://other/index.html')).status).toBe(404);
    expect((await fetch('app://caredesk/index.html', 'POST')).status).toBe(404);
  });
});
