/**
 * The CRC-64 loop as a tiny WebAssembly function: slicing-by-16 (16 bytes per step through 16
 * lookups in 64-bit tables; the JS loop needs two 32-bit lookups per entry, 8 bytes per step),
 * run on two lanes at once (the two halves of each 1 KiB block, joined by shift tables) so one
 * lane's table loads overlap the other's. Measured in CPU ms per MiB on this 2-core machine:
 * slicing-by-8 0.69, by-16 0.59, by-16 on two lanes 0.47 (docs/BENCHMARKS.md, oss). The module
 * (~1 KB) is assembled here from its instruction listing, so the source is the listing below and
 * no build tool is involved.
 *
 * update(ptr: i32, len: i32, crc: i64) -> i64 runs over memory[ptr, ptr+len) with the tables at
 * memory[0, 48 KiB): slice table k, entry i at 8·(256k + i), little-endian, i.e. exactly the
 * layout of crc64Tables() (lo, hi per entry), then the 8 shift tables (shiftTables()).
 */
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];

// Opcodes used (WebAssembly 1.0).
const OP = {
  get: 0x20,
  set: 0x21,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i32GeU: 0x4f,
  i32Const: 0x41,
  i32Load8U: 0x2d,
  i64Const: 0x42,
  i64Load: 0x29,
  i64Xor: 0x85,
  i64ShrU: 0x88,
  wrap: 0xa7,
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  void: 0x40,
  i32: 0x7f,
  i64: 0x7e,
} as const;
// Locals: the params ptr, len, crc; then end, end16, end2L, laneEnd (i32); high, crcB, highB (i64).
const PTR = 0;
const LEN = 1;
const CRC = 2;
const END_ALL = 3;
const END_16 = 4;
const END_2L = 5;
const LANE_END = 6;
const HIGH = 7;
const CRC_B = 8;
const HIGH_B = 9;
/** Bytes per lane: each 2·LANE block runs as two interleaved CRCs. */
const LANE = 512;
const TABLE_BYTES = 256 * 8;
const SHIFT_TABLES = 16 * TABLE_BYTES;
const DATA_OFFSET = 24 * TABLE_BYTES;
const SCRATCH_SIZE = 1024 * 1024;

/** 8·(byte b of local v), as an i32: (v >> (8b − 3)) & 0x7f8, i.e. the table offset of that byte. */
function byteOffset(v: number, b: number): number[] {
  if (b === 0) return [OP.get, v, OP.wrap, OP.i32Const, 3, OP.i32Shl, OP.i32Const, ...sleb(0x7f8), OP.i32And];
  const shift =
    b < 4 ? [OP.wrap, OP.i32Const, 8 * b - 3, OP.i32ShrU] : [OP.i64Const, 8 * b - 3, OP.i64ShrU, OP.wrap];
  return [OP.get, v, ...shift, OP.i32Const, ...sleb(0x7f8), OP.i32And];
}

/** The i64 at `base` + byteOffset(v, b): entry (byte b of v) of the table at `base`. */
const lookup = (v: number, b: number, base: number) => [...byteOffset(v, b), OP.i64Load, 3, ...uleb(base)];

/**
 * One 16-byte step of the CRC in local `crc` over memory[ptr + at, +16):
 * crc ^= load64(ptr + at); high = load64(ptr + at + 8);
 * crc = T15[byte 0 of crc] ⊕ … ⊕ T8[byte 7 of crc] ⊕ T7[byte 0 of high] ⊕ … ⊕ T0[byte 7 of high]
 */
const step16 = (crc: number, high: number, at: number) => [
  ...[OP.get, crc, OP.get, PTR, OP.i64Load, 3, ...uleb(at), OP.i64Xor, OP.set, crc],
  ...[OP.get, PTR, OP.i64Load, 3, ...uleb(at + 8), OP.set, high],
  ...lookup(crc, 0, 15 * TABLE_BYTES),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((b) => [...lookup(crc, b, (15 - b) * TABLE_BYTES), OP.i64Xor]),
  ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((b) => [...lookup(high, b, (7 - b) * TABLE_BYTES), OP.i64Xor]),
  ...[OP.set, crc],
];

/** while (ptr < end) { …body; ptr += step } */
const whileBelow = (end: number, step: number, body: number[]) => [
  ...[OP.block, OP.void, OP.loop, OP.void, OP.get, PTR, OP.get, end, OP.i32GeU, OP.brIf, 1],
  ...body,
  ...[OP.get, PTR, OP.i32Const, ...sleb(step), OP.i32Add, OP.set, PTR, OP.br, 0, OP.end, OP.end],
];

const body = [
  ...vec([
    [4, OP.i32],
    [3, OP.i64],
  ]),
  // end = ptr + len; end16 = ptr + (len & ~15); end2L = ptr + (len & ~(2·LANE − 1))
  ...[OP.get, PTR, OP.get, LEN, OP.i32Add, OP.set, END_ALL],
  ...[OP.get, PTR, OP.get, LEN, OP.i32Const, ...sleb(-16), OP.i32And, OP.i32Add, OP.set, END_16],
  ...[OP.get, PTR, OP.get, LEN, OP.i32Const, ...sleb(-2 * LANE), OP.i32And, OP.i32Add, OP.set, END_2L],
  // Blocks of 2·LANE: lane A continues crc, lane B (from 0) runs LANE bytes further on; then
  // crc = shift(crc) ⊕ crcB, where shift = the register after LANE zero bytes (S0..S7 lookups).
  ...whileBelow(END_2L, LANE, [
    ...[OP.i64Const, 0, OP.set, CRC_B],
    ...[OP.get, PTR, OP.i32Const, ...sleb(LANE), OP.i32Add, OP.set, LANE_END],
    ...whileBelow(LANE_END, 16, [...step16(CRC, HIGH, 0), ...step16(CRC_B, HIGH_B, LANE)]),
    ...lookup(CRC, 0, SHIFT_TABLES),
    ...[1, 2, 3, 4, 5, 6, 7].flatMap((b) => [...lookup(CRC, b, SHIFT_TABLES + b * TABLE_BYTES), OP.i64Xor]),
    ...[OP.get, CRC_B, OP.i64Xor, OP.set, CRC],
  ]),
  // The rest: 16-byte steps, then bytes: crc = T0[(crc ^ load8(ptr)) & 255] ^ (crc >> 8).
  ...whileBelow(END_16, 16, step16(CRC, HIGH, 0)),
  ...whileBelow(END_ALL, 1, [
    ...[OP.get, CRC, OP.wrap, OP.get, PTR, OP.i32Load8U, 0, 0, OP.i32Xor],
    ...[OP.i32Const, 3, OP.i32Shl, OP.i32Const, ...sleb(0x7f8), OP.i32And, OP.i64Load, 3, 0],
    ...[OP.get, CRC, OP.i64Const, 8, OP.i64ShrU, OP.i64Xor, OP.set, CRC],
  ]),
  ...[OP.get, CRC, OP.end],
];

/**
 * S[b][i] = the CRC register after LANE zero bytes, starting from i << 8b (lo, hi halves): the
 * register map is linear, so shift(r) = S0[byte 0 of r] ⊕ … ⊕ S7[byte 7 of r].
 */
function shiftTables(tables: Uint32Array): Uint32Array {
  const out = new Uint32Array(8 * 256 * 2);
  for (let b = 0; b < 8; b++) {
    for (let i = 0; i < 256; i++) {
      let lo = b < 4 ? (i << (8 * b)) >>> 0 : 0;
      let hi = b < 4 ? 0 : (i << (8 * (b - 4))) >>> 0;
      for (let n = 0; n < LANE; n++) {
        const idx = 2 * (lo & 0xff);
        lo = (tables[idx]! ^ ((lo >>> 8) | (hi << 24))) >>> 0;
        hi = (tables[idx + 1]! ^ (hi >>> 8)) >>> 0;
      }
      out[2 * (256 * b + i)] = lo;
      out[2 * (256 * b + i) + 1] = hi;
    }
  }
  return out;
}

const CRC64_WASM_BYTES = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vec([[0x60, 3, OP.i32, OP.i32, OP.i64, 1, OP.i64]])),
  ...section(3, vec([[0]])),
  ...section(5, vec([[0x00, ...uleb(Math.ceil((DATA_OFFSET + SCRATCH_SIZE) / 65536))]])),
  ...section(
    7,
    vec([
      [...name('update'), 0x00, 0],
      [...name('memory'), 0x02, 0],
    ]),
  ),
  ...section(10, vec([[...uleb(body.length), ...body]])),
]);

/** An updater over the wasm loop, or undefined without WebAssembly; state = [lo, hi] of the running, not yet inverted CRC. */
export function wasmUpdater(
  tables: Uint32Array,
): ((state: Uint32Array, data: Uint8Array) => void) | undefined {
  // The project's lib settings carry no WebAssembly types; these are the two constructors used.
  const api = (
    globalThis as unknown as {
      WebAssembly?: {
        Module: new (bytes: Uint8Array) => unknown;
        Instance: new (module: unknown) => { exports: Record<string, unknown> };
      };
    }
  ).WebAssembly;
  let instance: { exports: Record<string, unknown> };
  try {
    instance = new api!.Instance(new api!.Module(CRC64_WASM_BYTES));
  } catch {
    return undefined;
  }
  const memory = (instance.exports.memory as { buffer: ArrayBuffer }).buffer;
  new Uint32Array(memory, 0, 16 * 256 * 2).set(tables.subarray(0, 16 * 256 * 2));
  new Uint32Array(memory, SHIFT_TABLES, 8 * 256 * 2).set(shiftTables(tables));
  const heap = new Uint8Array(memory);
  const update = instance.exports.update as (ptr: number, len: number, crc: bigint) => bigint;
  return (state, data) => {
    let crc = (BigInt(state[1]!) << 32n) | BigInt(state[0]!);
    for (let offset = 0; offset < data.length; offset += SCRATCH_SIZE) {
      const part = data.subarray(offset, offset + SCRATCH_SIZE);
      heap.set(part, DATA_OFFSET);
      crc = update(DATA_OFFSET, part.length, crc);
    }
    const unsigned = BigInt.asUintN(64, crc);
    state[0] = Number(unsigned & 0xffffffffn);
    state[1] = Number(unsigned >> 32n);
  };
}
