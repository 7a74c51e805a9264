import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface PlaintextHit {
  file: string;
  needle: string;
  encoding: 'utf8' | 'utf16le';
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Every regular file under `dir` (following no links), optionally only those changed since `since`. */
export function filesUnder(dir: string, since = 0): string[] {
  const found: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found; // gone or unreadable (another process's temp folder)
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, since));
    else if (entry.isFile()) {
      try {
        const stat = statSync(path);
        if (stat.mtimeMs >= since && stat.size <= MAX_FILE_BYTES) found.push(path);
      } catch {
        // removed while we looked
      }
    }
  }
  return found;
}

/** Which of `needles` appear in which file, as UTF-8 or UTF-16 (SQLite and Chromium store both). */
export function scanForPlaintext(files: readonly string[], needles: readonly string[]): PlaintextHit[] {
  const hits: PlaintextHit[] = [];
  const patterns = needles.flatMap((needle) =>
    (['utf8', 'utf16le'] as const).map((encoding) => ({ needle, encoding, bytes: Buffer.from(needle, encoding) })),
  );
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    for (const p of patterns) if (bytes.includes(p.bytes)) hits.push({ file, needle: p.needle, encoding: p.encoding });
  }
  return hits;
}
