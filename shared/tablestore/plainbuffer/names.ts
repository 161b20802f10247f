/**
 * Column-name interning for the decoder: records repeat the same few names, so comparing a few
 * bytes against a cached copy is cheaper than decoding a fresh string and checksumming it each
 * time; equal names come back as the same string. Direct-mapped; a collision replaces the slot.
 */
import { crc8Bytes } from './crc8.js';

const SLOTS = 1024;
const MAX_CACHED = 64;
const cachedBytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(SLOTS).fill(undefined);
const cachedNames: string[] = new Array<string>(SLOTS).fill('');
const cachedCrcs = new Uint8Array(SLOTS);

/** CRC-8 of the bytes of the name last returned by `internName`. */
export let internedCrc = 0;

/** Returns the UTF-8 name in `b[start, start + len)` and sets `internedCrc` to its checksum. */
export function internName(b: Buffer, start: number, len: number): string {
  const end = start + len;
  if (len > MAX_CACHED || len === 0) {
    internedCrc = crc8Bytes(0, b, start, end);
    return b.toString('utf8', start, end);
  }
  const slot = ((len << 5) ^ (b[start]! << 1) ^ (b[start + (len >> 1)]! << 3) ^ b[end - 1]!) & (SLOTS - 1);
  const known = cachedBytes[slot];
  if (known !== undefined && known.length === len) {
    let i = 0;
    while (i < len && known[i] === b[start + i]) i++;
    if (i === len) {
      internedCrc = cachedCrcs[slot]!;
      return cachedNames[slot]!;
    }
  }
  const name = b.toString('utf8', start, end);
  internedCrc = crc8Bytes(0, b, start, end);
  cachedBytes[slot] = Buffer.copyBytesFrom(b, start, len);
  cachedNames[slot] = name;
  cachedCrcs[slot] = internedCrc;
  return name;
}
