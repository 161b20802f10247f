/**
 * CRC-64/XZ (ECMA-182 polynomial, reflected, init and xorout all ones) as OSS reports it in
 * `x-oss-hash-crc64ecma`. Slicing-by-16 on two lanes in a tiny WebAssembly loop (crc64Wasm.ts),
 * with a slicing-by-8 JS loop over 32-bit halves for small inputs; `npm run bench -- oss` prints the
 * rate. Hand-written because no npm package fits: crc64-ecma182.js is an emscripten build that
 * aborts on buffers over its 16 MiB heap and measured slower, crc64-ecma182 and tos-crc64-js
 * need install-time builds/scripts, js-crc is a generic byte loop. `crc64Combine` joins the CRCs of two
 * adjacent byte ranges without rereading them (zlib's x^(8n) mod P method), as OSS does for
 * multipart completion and append.
 */
import { wasmUpdater } from './crc64Wasm.js';

const POLY_LO = 0xd7870f42;
const POLY_HI = 0xc96c5795;

export type CrcUpdater = (state: Uint32Array, data: Uint8Array) => void;

/**
 * Slicing-by-16 tables (the JS loop uses the first 8): t[k·512 + 2i] = low half, [+1] = high half
 * of slice k, byte i (which is also the little-endian 64-bit layout the wasm loop reads).
 */
export function crc64Tables(): Uint32Array {
  const polyLo = 0xd7870f42;
  const polyHi = 0xc96c5795;
  const slices = 16;
  const t = new Uint32Array(slices * 256 * 2);
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const odd = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (odd) {
        lo = (lo ^ polyLo) >>> 0;
        hi = (hi ^ polyHi) >>> 0;
      }
    }
    t[2 * i] = lo;
    t[2 * i + 1] = hi;
  }
  for (let k = 1; k < slices; k++) {
    for (let i = 0; i < 256; i++) {
      const prevLo = t[(k - 1) * 512 + 2 * i]!;
      const prevHi = t[(k - 1) * 512 + 2 * i + 1]!;
      const idx = prevLo & 0xff;
      t[k * 512 + 2 * i] = (t[2 * idx]! ^ ((prevLo >>> 8) | (prevHi << 24))) >>> 0;
      t[k * 512 + 2 * i + 1] = (t[2 * idx + 1]! ^ (prevHi >>> 8)) >>> 0;
    }
  }
  return t;
}

/**
 * The loop in JS over two 32-bit halves (no BigInt).
 * `update(state, data)`: state = [lo, hi] of the running, not yet inverted CRC.
 */
export function jsUpdater(t: Uint32Array): CrcUpdater {
  return (state, data) => {
    let lo = state[0]!;
    let hi = state[1]!;
    const n = data.length;
    let i = 0;
    const end8 = n - (n % 8);
    while (i < end8) {
      lo ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
      hi ^= data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24);
      const a = 7 * 512 + 2 * (lo & 0xff);
      const b = 6 * 512 + 2 * ((lo >>> 8) & 0xff);
      const c = 5 * 512 + 2 * ((lo >>> 16) & 0xff);
      const d = 4 * 512 + 2 * (lo >>> 24);
      const e = 3 * 512 + 2 * (hi & 0xff);
      const f = 2 * 512 + 2 * ((hi >>> 8) & 0xff);
      const g = 512 + 2 * ((hi >>> 16) & 0xff);
      const h = 2 * (hi >>> 24);
      lo = t[a]! ^ t[b]! ^ t[c]! ^ t[d]! ^ t[e]! ^ t[f]! ^ t[g]! ^ t[h]!;
      hi = t[a + 1]! ^ t[b + 1]! ^ t[c + 1]! ^ t[d + 1]! ^ t[e + 1]! ^ t[f + 1]! ^ t[g + 1]! ^ t[h + 1]!;
      i += 8;
    }
    for (; i < n; i++) {
      const idx = 2 * ((lo ^ data[i]!) & 0xff);
      lo = t[idx]! ^ ((lo >>> 8) | (hi << 24));
      hi = t[idx + 1]! ^ (hi >>> 8);
    }
    state[0] = lo >>> 0;
    state[1] = hi >>> 0;
  };
}

const tables = crc64Tables();
const js = jsUpdater(tables);
const wasm = wasmUpdater(tables);
/** Wasm for anything but tiny inputs (where crossing into wasm costs more than it saves). */
const update: CrcUpdater = (state, data) => (wasm && data.length >= 256 ? wasm : js)(state, data);

/** The unsigned CRC value of a kernel state. */
export function crc64FromState(state: Uint32Array): bigint {
  return (BigInt(~state[1]! >>> 0) << 32n) | BigInt(~state[0]! >>> 0);
}

/** Running CRC-64/XZ state; `update` as bytes arrive, `digest` for the unsigned value. */
export class Crc64 {
  private readonly state = Uint32Array.of(0xffffffff, 0xffffffff);

  update(data: Uint8Array): this {
    update(this.state, data);
    return this;
  }

  digest(): bigint {
    return crc64FromState(this.state);
  }
}

/** CRC-64/XZ of one buffer. */
export function crc64(data: Uint8Array): bigint {
  return new Crc64().update(data).digest();
}

const MASK = (1n << 64n) - 1n;
const POLY = (BigInt(POLY_HI) << 32n) | BigInt(POLY_LO);
const TOP = 1n << 63n; // x^0 in the reflected representation

function multModP(a: bigint, b: bigint): bigint {
  let m = TOP;
  let p = 0n;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return p & MASK;
}

// x2n[k] = x^(2^k) mod P
const x2n: bigint[] = [TOP >> 1n];
for (let k = 1; k < 64; k++) x2n.push(multModP(x2n[k - 1]!, x2n[k - 1]!));

function x2nModP(n: bigint, k: number): bigint {
  let p = TOP;
  while (n) {
    if (n & 1n) p = multModP(x2n[k & 63]!, p);
    n >>= 1n;
    k++;
  }
  return p;
}

/** CRC of A‖B from crc(A), crc(B) and B's length in bytes. */
export function crc64Combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (lengthB === 0) return crcA;
  return multModP(x2nModP(BigInt(lengthB), 3), crcA) ^ crcB;
}
