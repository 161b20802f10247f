/** The decoder's cursor: one Buffer, a position, bounds checks that throw with the byte offset. */
import { CRC8_TABLE as T } from './crc8.js';
import { PlainBufferCorruptError } from './errors.js';

const TWO_32 = 4294967296;

/** Buffer's own UTF-8 slicer, which `toString('utf8', s, e)` wraps with argument checks (the bounds are checked here). */
type FastSlice = Buffer & { utf8Slice(start: number, end: number): string };
const HAS_UTF8_SLICE = typeof (Buffer.prototype as FastSlice).utf8Slice === 'function';
export function utf8(b: Buffer, start: number, end: number): string {
  return HAS_UTF8_SLICE ? (b as FastSlice).utf8Slice(start, end) : b.toString('utf8', start, end);
}

export function hex(byte: number | undefined): string {
  return byte === undefined ? 'end of buffer' : `0x${byte.toString(16).padStart(2, '0')}`;
}

/** Cursor over one buffer. Methods are small so V8 inlines them. */
export class Reader {
  readonly b: Buffer;
  readonly dv: DataView;
  readonly n: number;
  p = 0;

  constructor(bytes: Uint8Array) {
    this.b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.dv = new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
    this.n = this.b.length;
  }

  fail(message: string, at = this.p): never {
    throw new PlainBufferCorruptError(message, at);
  }
  need(count: number): void {
    if (this.p + count > this.n) this.fail(`needs ${count} more bytes, buffer ends at ${this.n}`);
  }
  expect(tag: number, what: string): void {
    if (this.b[this.p] !== tag) this.fail(`expected ${what} (${hex(tag)}), found ${hex(this.b[this.p])}`);
    this.p++;
  }
  u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.p, true);
    this.p += 4;
    return v;
  }
  /** int64 as an exact JS number; values beyond ±2^53 are corrupt for timestamps. */
  safeInt64(what: string): number {
    this.need(8);
    const lo = this.dv.getUint32(this.p, true);
    const hi = this.dv.getInt32(this.p + 4, true);
    if (hi >= 0x200000 || hi < -0x200000) this.fail(`${what} does not fit in 53 bits`);
    this.p += 8;
    return hi * TWO_32 + lo;
  }
}

export function crcRange(crc: number, b: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) crc = T[crc ^ b[i]!]!;
  return crc;
}
