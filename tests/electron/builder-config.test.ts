import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import * as fileMatcher from 'app-builder-lib/out/fileMatcher';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { FileMatcher } = fileMatcher;
// electron-builder's filter for node_modules; marked @internal, so not in its .d.ts.
const { getNodeModuleFileMatcher } = fileMatcher as unknown as {
  getNodeModuleFileMatcher(
    this: void,
    appDir: string,
    destination: string,
    expand: (pattern: string) => string,
    platformOptions: object,
    packager: { config: Configuration; debugLogger: DebugLogger },
  ): InstanceType<typeof FileMatcher>;
};
const load = () => getConfig(root, join(root, 'electron-builder.yml'), null);

/** electron-builder's own file filter, as it runs when it copies files into app.asar. */
function packaged(config: Configuration) {
  const file = { isDirectory: () => false } as never;
  // getConfig folds the `files` list into one file set: [{ filter: [...] }].
  const patterns = (config.files as Array<{ filter: string[] }>)[0]!.filter;
  const main = new FileMatcher(root, '/', (p) => p, patterns).createFilter();
  const modules = getNodeModuleFileMatcher(
    root,
    '/',
    (p) => p,
    {},
    { config, debugLogger: new DebugLogger(false) },
  ).createFilter();
  return {
    app: (path: string) => main(join(root, path), file),
    nodeModule: (path: string) => modules(join(root, path), file),
  };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration schema", async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets every fuse the security design requires', async () => {
    expect((await load()).electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packages the built bundles and never the harness, sources or tests', async () => {
    const { app } = packaged(await load());
    for (const path of ['out/main/index.cjs', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json'])
      expect(app(path), path).toBe(true);
    for (const path of [
      'src-main/harness/server.ts',
      'src-main/harness/key-file.ts',
      'out/harness/index.cjs',
      'out/main/harness/server.js',
      'out/main/index.cjs.map',
      'src-main/electron/main.ts',
      'tests/e2e/electron.smoke.e2e.ts',
      'scripts/start.ts',
      '.caredesk-data/caredesk.db',
    ])
      expect(app(path), path).toBe(false);
  });

  it('ships only the native store module from node_modules (everything else is bundled)', async () => {
    const { nodeModule } = packaged(await load());
    expect(nodeModule('node_modules/better-sqlite3/lib/index.js')).toBe(true);
    expect(nodeModule('node_modules/better-sqlite3/prebuilds/win32-x64/node.napi.node')).toBe(true);
    for (const path of [
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      'node_modules/react/index.js',
      'node_modules/@tanstack/react-table/build/lib/index.js',
      'node_modules/fastify/fastify.js',
      'node_modules/pg/lib/index.js',
    ])
      expect(nodeModule(path), path).toBe(false);
  });

  it('keeps native modules outside the archive, and does not rebuild them', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
  });

  it('registers caredesk:// with the OS, and not app://', async () => {
    const schemes = [(await load()).protocols].flat().flatMap((p) => p?.schemes ?? []);
    expect(schemes).toEqual(['caredesk']);
  });

  it('builds signed, hardened installers for every desktop without any secret in the file', async () => {
    const config = await load();
    expect(config.appId).toBe('health.caredesk.desktop');
    expect(config.productName).toBe('CareDesk');
    expect(JSON.stringify(config.win?.target)).toMatch(/"nsis".*"msi"/);
    expect(JSON.stringify(config.mac?.target)).toContain('"dmg"');
    expect(JSON.stringify(config.linux?.target)).toMatch(/"AppImage".*"deb"/);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('resources/entitlements.mac.plist');
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/cscLink|cscKeyPassword|certificatePassword|appleIdPassword|password:/i);
  });

  it('grants the hardened runtime only JIT, never library-validation or dyld exceptions', () => {
    const path = join(root, 'resources', 'entitlements.mac.plist');
    expect(existsSync(path)).toBe(true);
    const keys = [...readFileSync(path, 'utf8').matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });
});
