/**
 * Column-name interning for the decoder: records repeat the same few names, so comparing a few
 * bytes against a cached copy is cheaper than decoding a fresh string each time, and equal names
 * come back as the same string. Direct-mapped; a collision just replaces the slot.
 */
const SLOTS = 1024;
const MAX_CACHED = 64;
const cachedBytes: (Buffer | undefined)[] = new Array<Buffer | undefined>(SLOTS).fill(undefined);
const cachedNames: string[] = new Array<string>(SLOTS).fill('');

/** Returns the UTF-8 name in `b[start, start + len)`; `crc` (of those bytes) spreads the slots. */
export function internName(b: Buffer, start: number, len: number, crc: number): string {
  if (len > MAX_CACHED || len === 0) return b.toString('utf8', start, start + len);
  const slot = (crc ^ (len << 4) ^ (b[start]! << 2)) & (SLOTS - 1);
  const known = cachedBytes[slot];
  if (known !== undefined && known.length === len) {
    let i = 0;
    while (i < len && known[i] === b[start + i]) i++;
    if (i === len) return cachedNames[slot]!;
  }
  const name = b.toString('utf8', start, start + len);
  cachedBytes[slot] = Buffer.copyBytesFrom(b, start, len);
  cachedNames[slot] = name;
  return name;
}
