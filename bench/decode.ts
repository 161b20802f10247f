/**
 * `npm run bench -- decode [records]`: decoded cells per second of our stream-record decoder
 * versus the tablestore SDK's own PlainBuffer row reader, on equivalent rows (same PK, same
 * plain PUT cells with timestamps; ours also carry the stream extension, which the SDK cannot
 * read). Both check every checksum. Rounds alternate between the two; the median counts.
 */
import { createRequire } from 'node:module';
import { encodeRow, type Cell, type Row } from '../shared/tablestore/plainbuffer/index.js';
import { decodeStreamRecord } from '../shared/tablestore/stream-record.js';

interface SdkReader {
  readRow(): { attributes: unknown[] };
}
const sdk = createRequire(import.meta.url)('tablestore') as {
  PlainBufferInputStream: new (buf: unknown) => unknown;
  PlainBufferCodedInputStream: new (input: unknown) => SdkReader;
};

const RECORDS = Number(process.argv[2] ?? 20_000);
const ROUNDS = 9;

function cellsFor(i: number): Cell[] {
  const ts = 1_700_000_000_000 + i;
  const cells: Cell[] = [];
  for (let c = 0; c < 4; c++)
    cells.push({ name: `str_col_${c}`, op: 'PUT', value: `value-${i}-${c}-abcdefgh`, timestamp: ts });
  for (let c = 0; c < 3; c++)
    cells.push({ name: `int_col_${c}`, op: 'PUT', value: BigInt(i * 1000 + c), timestamp: ts });
  for (let c = 0; c < 2; c++)
    cells.push({ name: `dbl_col_${c}`, op: 'PUT', value: i / 7 + c, timestamp: ts });
  cells.push({ name: 'flag', op: 'PUT', value: i % 2 === 0, timestamp: ts });
  return cells;
}

const oursBufs: Buffer[] = [];
const theirs: Buffer[] = [];
let cellsPerPass = 0;
for (let i = 0; i < RECORDS; i++) {
  const row: Row = {
    primaryKey: [
      { name: 'user_id', value: BigInt(i) },
      { name: 'order_id', value: `order-${i.toString().padStart(10, '0')}` },
    ],
    cells: cellsFor(i),
    deleteMarker: false,
  };
  cellsPerPass += row.cells.length;
  theirs.push(encodeRow(row));
  oursBufs.push(
    encodeRow({ ...row, sequence: { epoch: 1, timestamp: 1_700_000_000_000_000 + i, rowIndex: 0 } }),
  );
}

function decodeOurs(): number {
  let cells = 0;
  for (const buf of oursBufs) cells += decodeStreamRecord(1, buf).cells.length;
  return cells;
}

function decodeSdk(): number {
  let cells = 0;
  for (const buf of theirs) {
    // Exactly what the SDK's decoder does per row (`_parseRowItem`).
    const b = buf as Buffer & { limit?: number };
    b.limit = b.byteOffset + b.length;
    cells += new sdk.PlainBufferCodedInputStream(new sdk.PlainBufferInputStream(b)).readRow().attributes
      .length;
  }
  return cells;
}

/** Cells per wall-clock second and per CPU second (steadier when other processes share the cores). */
function rate(fn: () => number): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const cells = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  if (cells !== cellsPerPass) throw new Error(`decoded ${cells} cells, expected ${cellsPerPass}`);
  return { wall: cells / seconds, cpu: cells / ((cpu.user + cpu.system) / 1e6) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm up both (JIT) before measuring.
for (let i = 0; i < 3; i++) {
  decodeOurs();
  decodeSdk();
}
const ours = { wall: [] as number[], cpu: [] as number[] };
const theirsRates = { wall: [] as number[], cpu: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  const a = rate(decodeOurs);
  ours.wall.push(a.wall);
  ours.cpu.push(a.cpu);
  const b = rate(decodeSdk);
  theirsRates.wall.push(b.wall);
  theirsRates.cpu.push(b.cpu);
}
const fmt = (xs: number[]) =>
  `median ${Math.round(median(xs))} cells/s (min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))})`;
console.log(`decode: ${RECORDS} records x ${cellsPerPass / RECORDS} cells, ${ROUNDS} rounds`);
console.log(`  ours (stream records, extension included): ${fmt(ours.wall)}`);
console.log(`  sdk  (PlainBufferCodedInputStream.readRow): ${fmt(theirsRates.wall)}`);
console.log(
  `  per CPU second: ours ${Math.round(median(ours.cpu))}, sdk ${Math.round(median(theirsRates.cpu))}, ratio ${(median(ours.cpu) / median(theirsRates.cpu)).toFixed(2)}`,
);
const o = Math.round(median(ours.wall));
const s = Math.round(median(theirsRates.wall));
console.log(JSON.stringify({ bench: 'decode', ours: o, sdk: s, ratio: Number((o / s).toFixed(2)) }));
