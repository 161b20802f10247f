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

// Opcodes used (WebAssembly 1.0), and the function's locals: params ptr, len, crc; then end, end8.
const OP = {
  get: 0x20,
  set: 0x21,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Shl: 0x74,
  i32GeU: 0x4f,
  i32Const: 0x41,
  i64Const: 0x42,
  i64Load: 0x29,
  i64Load8U: 0x31,
  i64Xor: 0x85,
  i64And: 0x83,
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
const PTR = 0;
const LEN = 1;
const CRC = 2;
const END_ALL = 3;
const END_8 = 4;
const DATA_OFFSET = 16384;
const SCRATCH_SIZE = 1024 * 1024;

/** T[7 - byte][(crc >> 8·byte) & 255]: the slice-table lookup for one byte of the running CRC. */
function lookup(byte: number): number[] {
  const code = [OP.get, CRC];
  if (byte > 0) code.push(OP.i64Const, ...sleb(8 * byte), OP.i64ShrU);
  if (byte < 7) code.push(OP.i64Const, ...sleb(255), OP.i64And);
  return [...code, OP.wrap, OP.i32Const, 3, OP.i32Shl, OP.i64Load, 3, ...uleb((7 - byte) * 2048)];
}

const body = [
  ...vec([[2, OP.i32]]),
  ...[OP.get, PTR, OP.get, LEN, OP.i32Add, OP.set, END_ALL],
  ...[OP.get, PTR, OP.get, LEN, OP.i32Const, ...sleb(-8), OP.i32And, OP.i32Add, OP.set, END_8],
  // while (ptr < end8) { crc ^= load64(ptr); crc = ⊕ T[7-b][byte b of crc]; ptr += 8 }
  ...[OP.block, OP.void, OP.loop, OP.void, OP.get, PTR, OP.get, END_8, OP.i32GeU, OP.brIf, 1],
  ...[OP.get, CRC, OP.get, PTR, OP.i64Load, 3, 0, OP.i64Xor, OP.set, CRC],
  ...lookup(0),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((b) => [...lookup(b), OP.i64Xor]),
  ...[OP.set, CRC, OP.get, PTR, OP.i32Const, 8, OP.i32Add, OP.set, PTR, OP.br, 0, OP.end, OP.end],
  // while (ptr < end) { crc = T[0][(crc ^ byte) & 255] ^ (crc >> 8); ptr += 1 }
  ...[OP.block, OP.void, OP.loop, OP.void, OP.get, PTR, OP.get, END_ALL, OP.i32GeU, OP.brIf, 1],
  ...[OP.get, CRC, OP.get, PTR, OP.i64Load8U, 0, 0, OP.i64Xor, OP.i64Const, ...sleb(255), OP.i64And],
  ...[
    OP.wrap,
    OP.i32Const,
    3,
    OP.i32Shl,
    OP.i64Load,
    3,
    0,
    OP.get,
    CRC,
    OP.i64Const,
    8,
    OP.i64ShrU,
    OP.i64Xor,
    OP.set,
    CRC,
  ],
  ...[OP.get, PTR, OP.i32Const, 1, OP.i32Add, OP.set, PTR, OP.br, 0, OP.end, OP.end],
  ...[OP.get, CRC, OP.end],
];

export const CRC64_WASM_BYTES = new Uint8Array([
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
