/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init and xorout all ones): the value OSS returns in
 * `x-oss-hash-crc64ecma`, as an unsigned decimal string. Bytes go through `crc64-ecma182.js`;
 * `crc64Combine` (no library offers it) derives CRC(A‖B) from CRC(A), CRC(B) and |B| with the
 * GF(2) operator-squaring method zlib uses for crc32_combine, so merged objects are checked
 * without re-reading bytes copied server-side.
 */
import { createRequire } from 'node:module';

const lib = createRequire(import.meta.url)('crc64-ecma182.js') as {
  crc64(buf: Buffer, prev?: string): string;
};

/** The library's wasm heap is 16 MiB: feed it in slices. */
const SLICE = 1 << 20;
export const CRC64_EMPTY = '0';

export function crc64(data: Uint8Array, previous: string = CRC64_EMPTY): string {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let crc = previous;
  for (let i = 0; i < buf.length; i += SLICE) crc = lib.crc64(buf.subarray(i, i + SLICE), crc);
  return crc;
}

/** Running CRC-64 over a stream of chunks; its state is the decimal string (saveable). */
export class Crc64 {
  constructor(
    public value: string = CRC64_EMPTY,
    public length = 0,
  ) {}
  update(data: Uint8Array): this {
    this.value = crc64(data, this.value);
    this.length += data.byteLength;
    return this;
  }
}

const MASK = (1n << 64n) - 1n;
const POLY = 0xc96c5795d7870f42n; // ECMA-182, reflected

function timesMatrix(mat: bigint[], vec: bigint): bigint {
  let sum = 0n;
  for (let i = 0; vec !== 0n; i++, vec >>= 1n) if (vec & 1n) sum ^= mat[i] as bigint;
  return sum;
}

function square(mat: bigint[]): bigint[] {
  return mat.map((row) => timesMatrix(mat, row));
}

/** The raw register shifted through `len` zero bytes (no pre/post conditioning). */
function shiftZeros(crc: bigint, len: number): bigint {
  if (len === 0 || crc === 0n) return crc;
  // Operator for one zero bit, then square to two, four bits.
  let odd: bigint[] = [POLY, ...Array.from({ length: 63 }, (_, i) => 1n << BigInt(i))];
  let even = square(odd);
  odd = square(even);
  let n = len;
  let out = crc;
  do {
    even = square(odd);
    if (n & 1) out = timesMatrix(even, out);
    n = Math.floor(n / 2);
    if (n === 0) break;
    odd = square(even);
    if (n & 1) out = timesMatrix(odd, out);
    n = Math.floor(n / 2);
  } while (n !== 0);
  return out & MASK;
}

/** CRC-64 of A‖B from CRC(A), CRC(B) and the length of B. */
export function crc64Combine(crcA: string, crcB: string, lengthB: number): string {
  return (shiftZeros(BigInt(crcA), lengthB) ^ BigInt(crcB)).toString();
}

/** CRC-64 of B from CRC(A‖B), CRC(A) and |B| (the combine step undone; CRC is linear). */
export function crc64Suffix(crcWhole: string, crcPrefix: string, lengthSuffix: number): string {
  return (shiftZeros(BigInt(crcPrefix), lengthSuffix) ^ BigInt(crcWhole)).toString();
}
