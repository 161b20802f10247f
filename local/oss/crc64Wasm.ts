/**
 * The CRC-64 slicing-by-8 loop as a tiny WebAssembly function: 64-bit table entries make it 8
 * loads per 8 bytes instead of 16 with 32-bit halves in JS, 2.5–3× faster in V8 (measured under
 * load: 456–702 vs 185–215 MiB/s on 64 MiB). The module (~300 bytes) is assembled here from its
 * instructions, so the source is the listing below and no build tool is involved.
 *
 * update(ptr: i32, len: i32, crc: i64) -> i64 runs over memory[ptr, ptr+len) with the tables at
 * memory[0, 16 KiB): table k, entry i at 8·(256k + i), little-endian, i.e. exactly the layout of
 * crc64Tables() (lo, hi per entry).
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
const GET = 0x20,
  SET = 0x21,
  I32_ADD = 0x6a,
  I32_AND = 0x71,
  I32_SHL = 0x74,
  I32_GE_U = 0x4f;
const I32_CONST = 0x41,
  I64_CONST = 0x42,
  I64_LOAD = 0x29,
  I64_LOAD8_U = 0x31,
  I64_XOR = 0x85;
const I64_AND = 0x83,
  I64_SHR_U = 0x88,
  WRAP = 0xa7,
  BLOCK = 0x02,
  LOOP = 0x03,
  BR = 0x0c;
const BR_IF = 0x0d,
  END = 0x0b,
  VOID = 0x40,
  I32 = 0x7f,
  I64 = 0x7e;
// Locals: 0 ptr, 1 len, 2 crc (params); 3 end, 4 end of the 8-byte words.
const PTR = 0,
  LEN = 1,
  CRC = 2,
  END_ALL = 3,
  END_8 = 4;
export const DATA_OFFSET = 16384;
export const SCRATCH_SIZE = 1024 * 1024;

/** T[7 - byte][(crc >> 8·byte) & 255]: the slice-table lookup for one byte of the running CRC. */
function lookup(byte: number): number[] {
  const code = [GET, CRC];
  if (byte > 0) code.push(I64_CONST, ...sleb(8 * byte), I64_SHR_U);
  if (byte < 7) code.push(I64_CONST, ...sleb(255), I64_AND);
  return [...code, WRAP, I32_CONST, 3, I32_SHL, I64_LOAD, 3, ...uleb((7 - byte) * 2048)];
}

const body = [
  ...vec([[2, I32]]),
  ...[GET, PTR, GET, LEN, I32_ADD, SET, END_ALL],
  ...[GET, PTR, GET, LEN, I32_CONST, ...sleb(-8), I32_AND, I32_ADD, SET, END_8],
  // while (ptr < end8) { crc ^= load64(ptr); crc = ⊕ T[7-b][byte b of crc]; ptr += 8 }
  ...[BLOCK, VOID, LOOP, VOID, GET, PTR, GET, END_8, I32_GE_U, BR_IF, 1],
  ...[GET, CRC, GET, PTR, I64_LOAD, 3, 0, I64_XOR, SET, CRC],
  ...lookup(0),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((b) => [...lookup(b), I64_XOR]),
  ...[SET, CRC, GET, PTR, I32_CONST, 8, I32_ADD, SET, PTR, BR, 0, END, END],
  // while (ptr < end) { crc = T[0][(crc ^ byte) & 255] ^ (crc >> 8); ptr += 1 }
  ...[BLOCK, VOID, LOOP, VOID, GET, PTR, GET, END_ALL, I32_GE_U, BR_IF, 1],
  ...[GET, CRC, GET, PTR, I64_LOAD8_U, 0, 0, I64_XOR, I64_CONST, ...sleb(255), I64_AND],
  ...[WRAP, I32_CONST, 3, I32_SHL, I64_LOAD, 3, 0, GET, CRC, I64_CONST, 8, I64_SHR_U, I64_XOR, SET, CRC],
  ...[GET, PTR, I32_CONST, 1, I32_ADD, SET, PTR, BR, 0, END, END],
  ...[GET, CRC, END],
];

export const CRC64_WASM_BYTES = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vec([[0x60, 3, I32, I32, I64, 1, I64]])),
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

/**
 * An updater over the wasm loop, or undefined without WebAssembly. Self-contained (its source
 * also runs in the CRC worker); state = [lo, hi] of the running, not yet inverted CRC.
 */
export function wasmUpdater(
  bytes: Uint8Array,
  tables: Uint32Array,
): ((state: Uint32Array, data: Uint8Array) => void) | undefined {
  const dataOffset = 16384;
  const scratch = 1024 * 1024;
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
    instance = new api!.Instance(new api!.Module(bytes));
  } catch {
    return undefined;
  }
  const memory = (instance.exports.memory as { buffer: ArrayBuffer }).buffer;
  new Uint32Array(memory, 0, tables.length).set(tables);
  const heap = new Uint8Array(memory);
  const update = instance.exports.update as (ptr: number, len: number, crc: bigint) => bigint;
  return (state, data) => {
    let crc = (BigInt(state[1]!) << 32n) | BigInt(state[0]!);
    for (let offset = 0; offset < data.length; offset += scratch) {
      const part = data.subarray(offset, offset + scratch);
      heap.set(part, dataOffset);
      crc = update(dataOffset, part.length, crc);
    }
    const unsigned = BigInt.asUintN(64, crc);
    state[0] = Number(unsigned & 0xffffffffn);
    state[1] = Number(unsigned >> 32n);
  };
}
