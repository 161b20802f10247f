/** The decoder's cursor: one Buffer, a position, bounds checks that throw with the byte offset. */
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

// Scratch for 8-byte values: copying 8 bytes and reading a typed array beats a DataView per record.
const scratch = new Uint8Array(8);
const scratchF64 = new Float64Array(scratch.buffer);
const scratchI64 = new BigInt64Array(scratch.buffer);

/** Cursor over one buffer. Methods are small so V8 inlines them. */
export class Reader {
  readonly b: Buffer;
  readonly n: number;
  p = 0;

  constructor(bytes: Uint8Array) {
    this.b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.n = this.b.length;
  }

  /** Little-endian u32 at `at`; the caller has checked the bounds. */
  u32At(at: number): number {
    const b = this.b;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
  }
  private load8(at: number): void {
    const b = this.b;
    for (let i = 0; i < 8; i++) scratch[i] = b[at + i]!;
  }
  /** Little-endian int64 at `at` (checked bounds), exact. */
  i64At(at: number): bigint {
    this.load8(at);
    return scratchI64[0]!;
  }
  /** Little-endian float64 at `at` (checked bounds), raw bits kept. */
  f64At(at: number): number {
    this.load8(at);
    return scratchF64[0]!;
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
    const v = this.u32At(this.p);
    this.p += 4;
    return v;
  }
  /** int64 as an exact JS number; values beyond ±2^53 are corrupt for timestamps. */
  safeInt64(what: string): number {
    this.need(8);
    const lo = this.u32At(this.p);
    const hi = this.u32At(this.p + 4) | 0;
    if (hi >= 0x200000 || hi < -0x200000) this.fail(`${what} does not fit in 53 bits`);
    this.p += 8;
    return hi * TWO_32 + lo;
  }
}
