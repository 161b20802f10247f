/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init and xorout all ones): the value OSS returns in
 * `x-oss-hash-crc64ecma`, as an unsigned decimal string. Bytes go through `crc64-ecma182.js`;
 * `crc64Combine` (no library offers it) derives CRC(A‖B) from CRC(A), CRC(B) and |B| by
 * multiplying with x^(8·|B|) mod P (the method of zlib 1.2.12's crc32_combine), so merged objects
 * are checked without re-reading bytes copied server-side.
 */
import { crc64 as crc64Slice } from 'crc64-ecma182.js';

/** The library's wasm heap is 16 MiB: feed it in slices. */
const SLICE = 1 << 20;
export const CRC64_EMPTY = '0';

export function crc64(data: Uint8Array, previous: string = CRC64_EMPTY): string {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let crc = previous;
  for (let i = 0; i < buf.length; i += SLICE) crc = crc64Slice(buf.subarray(i, i + SLICE), crc);
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

const POLY = 0xc96c5795d7870f42n; // ECMA-182, reflected
const X0 = 1n << 63n; // the polynomial "1" in reflected bit order

/** a·b mod P over GF(2), reflected bit order (zlib 1.2.12's multmodp). */
function multModP(a: bigint, b: bigint): bigint {
  let m = X0;
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return p;
}

/** X2N[k] = x^(2^k) mod P. */
const X2N: bigint[] = [X0 >> 1n];
for (let k = 1; k < 64; k++) X2N.push(multModP(X2N[k - 1] as bigint, X2N[k - 1] as bigint));

/** x^(n·2^k) mod P (n < 2^53 bytes, so the table index stays below 64). */
function x2nModP(n: number, k: number): bigint {
  let p = X0;
  let rest = BigInt(n);
  for (let i = k; rest > 0n; i++, rest >>= 1n) if (rest & 1n) p = multModP(X2N[i % 64] as bigint, p);
  return p;
}

/** The raw register shifted through `len` zero bytes (no pre/post conditioning). */
function shiftZeros(crc: bigint, len: number): bigint {
  return len === 0 ? crc : multModP(x2nModP(len, 3), crc);
}

/** CRC-64 of A‖B from CRC(A), CRC(B) and the length of B. */
export function crc64Combine(crcA: string, crcB: string, lengthB: number): string {
  return (shiftZeros(BigInt(crcA), lengthB) ^ BigInt(crcB)).toString();
}

/** CRC-64 of B from CRC(A‖B), CRC(A) and |B| (the combine step undone; CRC is linear). */
export function crc64Suffix(crcWhole: string, crcPrefix: string, lengthSuffix: number): string {
  return (shiftZeros(BigInt(crcPrefix), lengthSuffix) ^ BigInt(crcWhole)).toString();
}
