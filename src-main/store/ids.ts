import { randomFillSync } from 'node:crypto';

/**
 * Row and change ids that sort by creation time: RFC 9562 UUID version 7 (48 bits of
 * Unix milliseconds, then 74 random bits). Still UUIDs (the IPC and hub schemas take
 * any version), still unguessable and unique across workstations without
 * coordination; but a new row's id lands at the end of its primary-key and unique
 * indexes instead of on a random page. With random (v4) ids every batch of writes
 * dirtied a page of each such index per row, and each dirty page is encrypted and
 * authenticated at commit: that was most of the store's encryption cost (decision 0310).
 */
export function timeOrderedUuid(now = Date.now()): string {
  const b = randomBytes16();
  // 48-bit big-endian timestamp: Number holds it exactly.
  b[0] = Math.floor(now / 2 ** 40) & 0xff;
  b[1] = Math.floor(now / 2 ** 32) & 0xff;
  b[2] = (now >>> 24) & 0xff;
  b[3] = (now >>> 16) & 0xff;
  b[4] = (now >>> 8) & 0xff;
  b[5] = now & 0xff;
  b[6] = 0x70 | (b[6]! & 0x0f); // version 7
  b[8] = 0x80 | (b[8]! & 0x3f); // RFC 9562 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Random bytes drawn 4 KiB at a time: one getrandom call per 256 ids, not one per id.
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

function randomBytes16(): Buffer {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const out = Buffer.from(POOL.subarray(offset, offset + 16));
  offset += 16;
  return out;
}

/** `count` random decimal digits, uniform (bytes ≥ 250 are redrawn so no digit is favoured). */
export function randomDigits(count: number): number[] {
  const digits: number[] = [];
  while (digits.length < count) {
    if (offset >= POOL.length) {
      randomFillSync(POOL);
      offset = 0;
    }
    const byte = POOL[offset++]!;
    if (byte < 250) digits.push(byte % 10);
  }
  return digits;
}
