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
  // Written straight from the pool: every change and row takes one, and a Buffer per id
  // showed in profiles.
  return uuidText(POOL, drawV7(now));
}

/**
 * The same id as 16 bytes: how an outbox entry stores its change id (decision 0044), 20 bytes
 * fewer than the text in the outbox's every entry; `uuidText` writes it back as the text.
 */
export function timeOrderedUuidBytes(now = Date.now()): Buffer {
  const at = drawV7(now);
  const id = Buffer.allocUnsafe(16);
  POOL.copy(id, 0, at, at + 16);
  return id;
}

/** Draws 16 bytes of the pool and lays a v7 uuid of `now` out in them where they are; returns where they start. */
function drawV7(now: number): number {
  const at = drawFromPool(16);
  // 48-bit big-endian milliseconds (a Number holds them exactly), byte by byte: cheaper
  // than Buffer.writeUIntBE for what every id pays.
  POOL[at] = Math.floor(now / 2 ** 40);
  POOL[at + 1] = Math.floor(now / 2 ** 32);
  POOL[at + 2] = now >>> 24;
  POOL[at + 3] = now >>> 16;
  POOL[at + 4] = now >>> 8;
  POOL[at + 5] = now;
  POOL[at + 6] = 0x70 | (POOL[at + 6]! & 0x0f); // version 7
  POOL[at + 8] = 0x80 | (POOL[at + 8]! & 0x3f); // RFC 9562 variant
  return at;
}

/** The uuid in `bytes[at…at + 16]` as its text, lower-case hex in the 8-4-4-4-12 groups. */
export function uuidText(bytes: Uint8Array, at = 0): string {
  // Node's hex of a range of the buffer, without a copy: ~0.3-0.5 µs an id, within ~0.1 µs of
  // the byte -> hex table it replaced in alternated runs (the ids of every row written come here).
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return uuidFromHex(buffer.toString('hex', at, at + 16));
}

/** A uuid's 32 hex digits as its text, in the 8-4-4-4-12 groups (the one place that groups them). */
export function uuidFromHex(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A uuid's text as its 16 bytes (what `uuidText` reads back). */
export function uuidBytes(text: string): Buffer {
  return Buffer.from(text.replaceAll('-', ''), 'hex');
}

// Random bytes drawn 4 KiB at a time: one getrandom call per 256 ids, not one per id.
const POOL = Buffer.alloc(4096);
let offset = POOL.length;

/** Where the next `count` unused random bytes of the pool start (refilled when too few are left). */
function drawFromPool(count: number): number {
  if (offset + count > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const at = offset;
  offset += count;
  return at;
}

/** `count` random decimal digits, uniform (bytes ≥ 250 are redrawn so no digit is favoured). */
export function randomDigits(count: number): number[] {
  const digits: number[] = [];
  while (digits.length < count) {
    const byte = POOL[drawFromPool(1)]!;
    if (byte < 250) digits.push(byte % 10);
  }
  return digits;
}
