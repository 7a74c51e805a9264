import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-main/electron/ipc-channels';
import { bundle } from '../support/bundle';

/**
 * Our own checks of the Electron shell, for what Electronegativity does not
 * cover, read from the sources (and the built preload) the way a reviewer would.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ELECTRON_DIR = 'src-main/electron';
const SOURCE_DIRS = ['src-shared', 'src-main', 'src-renderer', 'src-server', 'tests', 'scripts', 'bench'];

function sourceFiles(): string[] {
  return SOURCE_DIRS.filter((d) => existsSync(join(ROOT, d))).flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts|js|cjs|mjs)$/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name))),
  );
}
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const parse = (file: string) => ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
const isElectronFile = (file: string) => file.startsWith(`${ELECTRON_DIR}/`);

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Every call `<object>.<method>(...)` in a file, with the object's text. */
function calls(file: string): Array<{ object: string; method: string; node: ts.CallExpression }> {
  const found: Array<{ object: string; method: string; node: ts.CallExpression }> = [];
  walk(parse(file), (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression))
      found.push({ object: node.expression.expression.getText(), method: node.expression.name.text, node });
  });
  return found;
}

describe('IPC registration', () => {
  it('registers every ipcMain handler through the one wrapper, and nowhere else', () => {
    const registrations = sourceFiles()
      .filter((f) => !f.startsWith('tests/'))
      .flatMap((file) =>
        calls(file)
          .filter((c) => /(^|\.)ipcMain$/.test(c.object))
          .map((c) => `${file}: ipcMain.${c.method}`),
      );
    expect(registrations).toEqual([`${ELECTRON_DIR}/ipc.ts: ipcMain.handle`]);

    // ...and that one call sits inside handleFromCareDeskWindow, after the sender check.
    const wrapper = read(`${ELECTRON_DIR}/ipc.ts`);
    const body = wrapper.slice(wrapper.indexOf('function handleFromCareDeskWindow'));
    expect(body.indexOf('ipcMain.handle(')).toBeGreaterThan(0);
    expect(body.indexOf('isCareDeskWindow(sender)')).toBeGreaterThan(body.indexOf('ipcMain.handle('));
    expect(body.indexOf('return refused')).toBeGreaterThan(body.indexOf('isCareDeskWindow(sender)'));
  });

  it('pushes events only through pushEvent, which checks the target page first', () => {
    const sends = sourceFiles()
      .filter((f) => isElectronFile(f))
      .flatMap((file) =>
        calls(file)
          .filter((c) => c.method === 'send' && /contents|webContents/i.test(c.object))
          .map(() => file),
      );
    expect(sends).toEqual([`${ELECTRON_DIR}/ipc.ts`]);
    const ipc = read(`${ELECTRON_DIR}/ipc.ts`);
    expect(ipc.indexOf('isCareDeskWindow(target)')).toBeLessThan(ipc.indexOf('contents.send('));
  });
});

describe('the preload', () => {
  const preload = `${ELECTRON_DIR}/preload.ts`;

  it('exposes exactly one object, `caredesk`, with only invoke and subscribe', () => {
    const exposures = calls(preload).filter((c) => c.method === 'exposeInMainWorld');
    expect(exposures).toHaveLength(1);
    const [name, api] = exposures[0]!.node.arguments;
    expect(name?.getText()).toBe("'caredesk'");
    expect(api && ts.isObjectLiteralExpression(api)).toBe(true);
    const keys = (api as ts.ObjectLiteralExpression).properties.map((p) => p.name?.getText());
    expect(keys).toEqual(['invoke', 'subscribe']);
  });

  it('never hands ipcRenderer itself (or any of its methods) to the page', () => {
    const offending: string[] = [];
    walk(parse(preload), (node) => {
      if (!ts.isIdentifier(node) || node.text !== 'ipcRenderer' || ts.isImportSpecifier(node.parent)) return;
      // The only allowed use: calling one of its methods, ipcRenderer.invoke/on/removeListener(...).
      const access = node.parent;
      const called =
        ts.isPropertyAccessExpression(access) &&
        access.expression === node &&
        ts.isCallExpression(access.parent) &&
        access.parent.expression === access &&
        ['invoke', 'on', 'removeListener'].includes(access.name.text);
      if (!called) offending.push(node.parent.getText());
    });
    expect(offending).toEqual([]);
  });

  describe('as built, run against a stand-in for Electron', () => {
    let exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

    beforeAll(async () => {
      const preloadBundle = await bundle(preload, ['electron']);
      const electron = {
        contextBridge: {
          exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed = { [key]: api }),
        },
        ipcRenderer: {
          invoke: (...args: unknown[]) => {
            invoked.push(args);
            return Promise.resolve({ ok: true, value: 'pong' });
          },
          on: (channel: string, fn: (...args: unknown[]) => void) =>
            listeners.set(channel, (listeners.get(channel) ?? new Set()).add(fn)),
          removeListener: (channel: string, fn: (...args: unknown[]) => void) => listeners.get(channel)?.delete(fn),
        },
      };
      const sandboxRequire = (name: string) => {
        // A sandboxed preload can require only a few modules; ours needs nothing but electron.
        if (name !== 'electron') throw new Error(`the preload required ${name}`);
        return electron;
      };
      vm.runInNewContext(preloadBundle, { require: sandboxRequire, module: {}, exports: {} });
    });

    it('exposes window.caredesk with invoke and subscribe only', () => {
      expect(Object.keys(exposed)).toEqual(['caredesk']);
      expect(Object.keys(exposed.caredesk as object)).toEqual(['invoke', 'subscribe']);
    });

    it('invoke forwards the channel and input over the one IPC channel and returns the result', async () => {
      const api = exposed.caredesk as { invoke(c: string, i: unknown): Promise<unknown> };
      await expect(api.invoke('patients.search', { query: 'smith' })).resolves.toEqual({ ok: true, value: 'pong' });
      expect(invoked).toEqual([[INVOKE_CHANNEL, 'patients.search', { query: 'smith' }]]);
    });

    it('subscribe gives the page only the payload of its own event, never the IPC event object', () => {
      const api = exposed.caredesk as { subscribe(e: string, cb: (...args: unknown[]) => void): () => void };
      const received: unknown[][] = [];
      const unsubscribe = api.subscribe('session.changed', (...args) => received.push(args));
      const ipcEvent = { sender: { send() {} }, ports: [] };
      const emit = (...args: unknown[]) => listeners.get(EVENT_CHANNEL)?.forEach((fn) => fn(ipcEvent, ...args));
      emit('session.changed', { signedIn: false });
      emit('something.else', { secret: 1 });
      expect(received).toEqual([[{ signedIn: false }]]);
      unsubscribe();
      emit('session.changed', { signedIn: true });
      expect(received).toHaveLength(1);
      expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
    });
  });
});

describe('the window', () => {
  it('is created in one place, with every required webPreference written out', () => {
    const windows = sourceFiles()
      .filter((f) => !f.startsWith('tests/'))
      .flatMap((file) => {
        const found: ts.NewExpression[] = [];
        walk(parse(file), (n) => {
          if (ts.isNewExpression(n) && n.expression.getText() === 'BrowserWindow') found.push(n);
        });
        return found.map((n) => ({ file, node: n }));
      });
    expect(windows.map((w) => w.file)).toEqual([`${ELECTRON_DIR}/window.ts`]);

    const options = windows[0]!.node.arguments![0] as ts.ObjectLiteralExpression;
    const webPreferences = options.properties.find(
      (p) => p.name?.getText() === 'webPreferences',
    ) as ts.PropertyAssignment;
    const flags = Object.fromEntries(
      (webPreferences.initializer as ts.ObjectLiteralExpression).properties
        .filter(ts.isPropertyAssignment)
        .map((p) => [p.name.getText(), p.initializer.getText()]),
    );
    expect(flags).toMatchObject({
      contextIsolation: 'true',
      sandbox: 'true',
      nodeIntegration: 'false',
      nodeIntegrationInWorker: 'false',
      nodeIntegrationInSubFrames: 'false',
      webSecurity: 'true',
      allowRunningInsecureContent: 'false',
      experimentalFeatures: 'false',
      webviewTag: 'false',
    });
    expect(flags).not.toHaveProperty('enableBlinkFeatures');
    expect(read(`${ELECTRON_DIR}/main.ts`)).toContain("join(app.getAppPath(), 'out', 'preload', 'index.cjs')");
  });

  it('loads only app://, never file://', () => {
    const loads = sourceFiles()
      .filter(isElectronFile)
      .flatMap((file) =>
        calls(file)
          .filter((c) => ['loadFile', 'loadURL'].includes(c.method))
          .map((c) => c.node),
      );
    // The window loads its AppUrl-typed URL (`app://caredesk/...` only); the unlock screen then loads the app.
    expect(loads.map((n) => n.getText()).sort()).toEqual([
      'gateWindow.loadURL(APP_ENTRY_URL)',
      'window.loadURL(options.url)',
    ]);
    expect(read(`${ELECTRON_DIR}/window.ts`)).toContain('export type AppUrl = `app://caredesk/${string}`;');
    expect(read(`${ELECTRON_DIR}/app-origin.ts`)).toContain(
      'export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html` as const;',
    );
  });

  it('calls shell.openExternal in one place only, right after the allowlist check', () => {
    const opens = sourceFiles().flatMap((file) =>
      calls(file)
        .filter((c) => c.method === 'openExternal' && c.object === 'shell')
        .map(() => file),
    );
    expect(opens).toEqual([`${ELECTRON_DIR}/external.ts`]);
    const external = read(`${ELECTRON_DIR}/external.ts`);
    expect(external.indexOf('isAllowedExternalUrl(url)')).toBeLessThan(external.indexOf('shell.openExternal(url)'));
  });

  it('answers every app:// file with the CSP headers', () => {
    const protocol = read(`${ELECTRON_DIR}/protocol.ts`);
    expect(protocol).toMatch(
      /new Response\(body, \{ status: 200, headers: appResponseHeaders\(resolved\.contentType\) \}\)/,
    );
    expect(protocol).toMatch(
      /new Response\(page\.body, \{ status: 200, headers: appResponseHeaders\(page\.contentType\) \}\)/,
    );
    expect(protocol.match(/new Response\(/g)).toHaveLength(4); // a file, an in-memory page, two 404s without a body
  });
});

describe('where Electron may be imported', () => {
  it('nothing outside src-main/electron imports electron (tests, scripts and bench included)', () => {
    const offenders = sourceFiles()
      .filter((f) => !isElectronFile(f))
      .filter((file) => ts.preProcessFile(read(file), true, true).importedFiles.some((i) => i.fileName === 'electron'));
    expect(offenders).toEqual([]);
  });

  it('no Node-side service reaches into src-main/electron (so services run under plain Node)', () => {
    const offenders = sourceFiles()
      .filter((f) => /^src-(main|shared|server)\//.test(f) && !isElectronFile(f))
      .flatMap((file) =>
        ts
          .preProcessFile(read(file), true, true)
          .importedFiles.filter((i) => i.fileName.startsWith('.'))
          .filter((i) => relative(ROOT, resolve(dirname(join(ROOT, file)), i.fileName)).startsWith(ELECTRON_DIR))
          .map((i) => `${file} -> ${i.fileName}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the main bundle does not contain the harness', { timeout: 60_000 }, async () => {
    const main = await bundle(`${ELECTRON_DIR}/main.ts`, ['electron', 'better-sqlite3']);
    const modules = [...main.matchAll(/^\/\/ (src-[\w/.-]+)$/gm)].map((m) => m[1]);
    expect(modules).toContain('src-main/electron/main.ts');
    expect(modules.filter((m) => m!.includes('/harness/'))).toEqual([]);
  });
});
