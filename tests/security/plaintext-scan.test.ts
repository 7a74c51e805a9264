import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder, scanForPlaintext } from '../support/plaintext-scan';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the plaintext scan the end-to-end check relies on', () => {
  it('finds a name written as UTF-8 or UTF-16, in nested folders, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caredesk-scan-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'utf8.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('xQuvobeky')]));
    writeFileSync(join(dir, 'utf16.bin'), Buffer.from('..3075550147..', 'utf16le'));
    writeFileSync(join(dir, 'clean.bin'), Buffer.from('nothing here'));
    const hits = scanForPlaintext(filesUnder(dir), ['Quvobeky', '3075550147', 'absent']);
    expect(hits.map((h) => [h.file.slice(dir.length), h.needle, h.encoding]).sort()).toEqual([
      ['/a/b/utf8.bin', 'Quvobeky', 'utf8'],
      ['/utf16.bin', '3075550147', 'utf16le'],
    ]);
  });

  it('limits the temp folder to files changed since the session began', () => {
    const dir = mkdtempSync(join(tmpdir(), 'caredesk-scan-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'old.bin'), 'x');
    expect(filesUnder(dir, Date.now() + 60_000)).toEqual([]);
    expect(filesUnder(dir, 0)).toHaveLength(1);
  });
});
