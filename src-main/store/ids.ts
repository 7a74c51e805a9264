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
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const o = offset;
  offset += 16;
  // Written straight from the pool through a byte -> hex table: every change and row
  // takes one, and a Buffer plus its hex string and slices per id showed in profiles.
  // 48-bit big-endian timestamp: Number holds it exactly.
  return (
    HEX[Math.floor(now / 2 ** 40) & 0xff]! +
    HEX[Math.floor(now / 2 ** 32) & 0xff]! +
    HEX[(now >>> 24) & 0xff]! +
    HEX[(now >>> 16) & 0xff]! +
    '-' +
    HEX[(now >>> 8) & 0xff]! +
    HEX[now & 0xff]! +
    '-' +
    HEX[0x70 | (POOL[o + 6]! & 0x0f)]! + // version 7
    HEX[POOL[o + 7]!]! +
    '-' +
    HEX[0x80 | (POOL[o + 8]! & 0x3f)]! + // RFC 9562 variant
    HEX[POOL[o + 9]!]! +
    '-' +
    HEX[POOL[o + 10]!]! +
    HEX[POOL[o + 11]!]! +
    HEX[POOL[o + 12]!]! +
    HEX[POOL[o + 13]!]! +
    HEX[POOL[o + 14]!]! +
    HEX[POOL[o + 15]!]!
  );
}

/**
 * The same id as 16 bytes: how an outbox entry stores its change id (decision 0044), 20 bytes
 * fewer than the text in the outbox's every entry; `uuidText` writes it back as the text.
 */
export function timeOrderedUuidBytes(now = Date.now()): Buffer {
  if (offset + 16 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const id = Buffer.allocUnsafe(16);
  POOL.copy(id, 6, offset + 6, offset + 16);
  offset += 16;
  id.writeUIntBE(now, 0, 6);
  id[6] = 0x70 | (id[6]! & 0x0f); // version 7
  id[8] = 0x80 | (id[8]! & 0x3f); // RFC 9562 variant
  return id;
}

/** A uuid's 16 bytes as its text, lower-case hex in the 8-4-4-4-12 groups. */
export function uuidText(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += HEX[bytes[i]!]!;
  }
  return text;
}

/** A uuid's text as its 16 bytes (what `uuidText` reads back). */
export function uuidBytes(text: string): Buffer {
  return Buffer.from(text.replaceAll('-', ''), 'hex');
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

// Random bytes drawn 4 KiB at a time: one getrandom call per 256 ids, not one per id.
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

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
