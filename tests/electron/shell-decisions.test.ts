import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { APP_ORIGIN, originOf } from '../../src-main/electron/app-origin';
import { appResponseHeaders, resolveAppRequest } from '../../src-main/electron/app-protocol';
import { isAllowedExternalUrl } from '../../src-main/electron/external-links';
import { navigationDecision, newWindowDecision } from '../../src-main/electron/navigation';
import { permissionDecision } from '../../src-main/electron/permissions';
import { isCareDeskWindow, senderFromFrame } from '../../src-main/electron/sender';

describe('which frames may call the main process', () => {
  it.each([
    ['our page, top frame', { url: 'app://caredesk/index.html', isMainFrame: true }, true],
    ['our page after an in-app route change', { url: 'app://caredesk/patients/42#chart', isMainFrame: true }, true],
    ['our origin, but an iframe', { url: 'app://caredesk/index.html', isMainFrame: false }, false],
    ['another app:// host', { url: 'app://evil/index.html', isMainFrame: true }, false],
    ['a web page', { url: 'https://caredesk.health/', isMainFrame: true }, false],
    ['a file:// page', { url: 'file:///C:/caredesk/index.html', isMainFrame: true }, false],
    ['about:blank', { url: 'about:blank', isMainFrame: true }, false],
    ['a data: URL', { url: 'data:text/html,<script>1</script>', isMainFrame: true }, false],
  ])('%s', (_name, frame, trusted) => {
    expect(isCareDeskWindow(senderFromFrame(frame))).toBe(trusted);
  });

  it('drops a message whose frame is gone (navigated or destroyed in flight)', () => {
    expect(senderFromFrame(null)).toBeNull();
    expect(isCareDeskWindow(senderFromFrame(null))).toBe(false);
  });

  it('computes the app origin the way Chromium does for a standard scheme', () => {
    expect(originOf('app://CareDesk/x.js')).toBe(APP_ORIGIN);
    expect(originOf('app:///x.js')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('links that may leave the app for the OS', () => {
  it.each([
    ['https://help.caredesk.health/keyboard', true],
    ['https://caredesk.health/privacy', true],
    ['mailto:it-help@clinic.example', true],
    ['tel:+16175550147', true],
    ['tel:(617) 555-0147', true],
    ['http://help.caredesk.health/', false], // not https
    ['https://help.caredesk.health.evil.example/', false],
    ['https://evil.example/?to=help.caredesk.health', false],
    ['https://user:pass@help.caredesk.health/', false],
    ['https://help.caredesk.health:8443/', false],
    ['file:///etc/passwd', false],
    ['smb://fileserver/share', false],
    ['javascript:alert(1)', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['tel:+1617;phone-context=javascript:alert(1)', false],
    ['mailto:a@b.example?body=patient%20details', false],
    ['', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('navigation and new windows', () => {
  it.each([
    ['app://caredesk/index.html', 'stay'],
    ['https://help.caredesk.health/x', 'open-externally'],
    ['https://evil.example/', 'deny'],
    ['file:///C:/Windows/system32/calc.exe', 'deny'],
    ['app://other/index.html', 'deny'],
    ['chrome://settings', 'deny'],
  ])('navigating to %s: %s', (url, decision) => {
    expect(navigationDecision(url)).toBe(decision);
  });

  it('never opens a new window, not even one of ours', () => {
    expect(newWindowDecision('app://caredesk/index.html')).toBe('deny');
    expect(newWindowDecision('https://evil.example/')).toBe('deny');
    expect(newWindowDecision('https://help.caredesk.health/')).toBe('open-externally');
  });
});

describe('web permissions', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'hid',
    'serial',
    'usb',
    'openExternal',
    'unknown',
  ])('denies %s, even to our own page', (permission) => {
    expect(permissionDecision(permission, 'app://caredesk/index.html')).toBe(false);
  });

  it('denies everything to any other origin or an unknown requester', () => {
    expect(permissionDecision('fullscreen', 'https://evil.example/')).toBe(false);
    expect(permissionDecision('fullscreen', undefined)).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const root = join('/opt', 'CareDesk', 'out', 'renderer');

  it('serves files inside the renderer folder with their type', () => {
    expect(resolveAppRequest('app://caredesk/assets/index-abc.js', root)).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('answers in-app routes with index.html', () => {
    for (const url of ['app://caredesk/', 'app://caredesk/patients/new', 'app://caredesk/index.html?x=1'])
      expect(resolveAppRequest(url, root)).toMatchObject({ kind: 'file', path: join(root, 'index.html') });
  });

  it.each(['app://caredesk/../../etc/passwd.json', 'app://caredesk/%2e%2e/%2e%2e/secrets.json'])(
    'keeps %s inside the renderer folder (the URL parser resolves the dots first)',
    (url) => {
      const resolved = resolveAppRequest(url, root);
      expect(resolved.kind === 'file' && resolved.path.startsWith(root + '/')).toBe(true);
    },
  );

  it.each([
    'app://caredesk/assets/..%2f..%2f..%2fkey.json',
    'app://caredesk/assets%5c..%5c..%5ckey.js',
    'app://caredesk/x%00.js',
    'app://caredesk/%E0%A4%A.js',
    'app://other/index.html',
    'https://caredesk/index.html',
    'app://caredesk/db.key.wrapped',
  ])('refuses %s', (url) => {
    expect(resolveAppRequest(url, root)).toEqual({ kind: 'not-found' });
  });

  it('sends the real CSP header, which allows only our own scripts and no connections', () => {
    const headers = appResponseHeaders('text/html; charset=utf-8');
    expect(headers['Content-Security-Policy']).toContain("default-src 'none'");
    expect(headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(headers['Content-Security-Policy']).toContain("connect-src 'none'");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});
