import { closeSync, openSync, readSync, statSync } from 'node:fs';

/*
 * Reading a WAL file's frames, for the probes that count what a workload makes SQLCipher
 * encrypt (insert-wal-frames.ts, insert-shapes.ts). A frame's 24-byte header is not
 * encrypted; its first 4 bytes are the page number.
 */
const PAGE = 4096;
const FRAME = 24 + PAGE;

/** Page numbers of the frames in the WAL from frame `from` on. */
export function framePages(wal: string, from = 0): number[] {
  const size = statSync(wal).size;
  const fd = openSync(wal, 'r');
  const header = Buffer.alloc(24);
  const pages: number[] = [];
  try {
    for (let off = 32 + from * FRAME; off + FRAME <= size; off += FRAME) {
      readSync(fd, header, 0, 24, off);
      pages.push(header.readUInt32BE(0));
    }
  } finally {
    closeSync(fd);
  }
  return pages;
}
