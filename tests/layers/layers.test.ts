import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** ARCHITECTURE §1: dependencies point one way, and only src-main/electron touches Electron. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAYERS = ['src-shared', 'src-main', 'src-renderer', 'src-server'] as const;
type Layer = (typeof LAYERS)[number];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface Import {
  file: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|cts)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function importsOf(file: string): Import[] {
  // TypeScript's own pre-processor finds static imports, re-exports, require() and import().
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => ({ file, specifier: f.fileName }));
}

function layerOf(file: string, specifier: string): Layer | null {
  if (!specifier.startsWith('.')) return null;
  const target = relative(ROOT, resolve(dirname(join(ROOT, file)), specifier));
  return LAYERS.find((l) => target === l || target.startsWith(`${l}/`)) ?? null;
}

const all = LAYERS.flatMap((layer) => {
  try {
    return sourceFiles(layer).flatMap(importsOf);
  } catch {
    return []; // a layer that does not exist yet
  }
});
const inLayer = (layer: Layer) => all.filter((i) => i.file.startsWith(`${layer}/`));
const show = (imports: Import[]) => imports.map((i) => `${i.file} -> ${i.specifier}`);

describe('layer rules', () => {
  it('finds the source it is checking', () => {
    expect(inLayer('src-shared').length).toBeGreaterThan(5);
    expect(inLayer('src-renderer').length).toBeGreaterThan(5);
  });

  it("only src-main/electron imports 'electron'", () => {
    const offenders = all.filter(
      (i) => /^electron(\/|$)/.test(i.specifier) && !i.file.startsWith('src-main/electron/'),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('src-shared imports nothing from Node, the DOM, Electron or another layer', () => {
    const offenders = inLayer('src-shared').filter(
      (i) =>
        NODE_BUILTINS.has(i.specifier) ||
        /^(electron|react|react-dom)(\/|$)/.test(i.specifier) ||
        (layerOf(i.file, i.specifier) ?? 'src-shared') !== 'src-shared',
    );
    expect(show(offenders)).toEqual([]);
  });

  it('src-shared uses no DOM or Node globals', () => {
    const offenders = sourceFiles('src-shared').filter((f) =>
      /\b(window|document|localStorage|sessionStorage|process|Buffer|require)\s*[.(]/.test(
        readFileSync(join(ROOT, f), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('the renderer never imports src-main or src-server, nor Node', () => {
    const offenders = inLayer('src-renderer').filter(
      (i) => NODE_BUILTINS.has(i.specifier) || ['src-main', 'src-server'].includes(layerOf(i.file, i.specifier) ?? ''),
    );
    expect(show(offenders)).toEqual([]);
  });

  it('the hub and the desktop main process do not import each other or the renderer', () => {
    const offenders = [
      ...inLayer('src-server').filter((i) => ['src-main', 'src-renderer'].includes(layerOf(i.file, i.specifier) ?? '')),
      ...inLayer('src-main').filter((i) => ['src-server', 'src-renderer'].includes(layerOf(i.file, i.specifier) ?? '')),
    ];
    expect(show(offenders)).toEqual([]);
  });
});
