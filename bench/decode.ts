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

const ours: Buffer[] = [];
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
  ours.push(encodeRow({ ...row, sequence: { epoch: 1, timestamp: 1_700_000_000_000_000 + i, rowIndex: 0 } }));
}

function decodeOurs(): number {
  let cells = 0;
  for (const buf of ours) cells += decodeStreamRecord(1, buf).cells.length;
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

function rate(fn: () => number): number {
  const start = process.hrtime.bigint();
  const cells = fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (cells !== cellsPerPass) throw new Error(`decoded ${cells} cells, expected ${cellsPerPass}`);
  return cells / seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// Warm up both (JIT) before measuring.
for (let i = 0; i < 3; i++) {
  decodeOurs();
  decodeSdk();
}
const oursRates: number[] = [];
const sdkRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  oursRates.push(rate(decodeOurs));
  sdkRates.push(rate(decodeSdk));
}
const fmt = (xs: number[]) =>
  `median ${Math.round(median(xs))} cells/s (min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))})`;
console.log(`decode: ${RECORDS} records x ${cellsPerPass / RECORDS} cells, ${ROUNDS} rounds`);
console.log(`  ours (stream records, extension included): ${fmt(oursRates)}`);
console.log(`  sdk  (PlainBufferCodedInputStream.readRow): ${fmt(sdkRates)}`);
const o = Math.round(median(oursRates));
const s = Math.round(median(sdkRates));
console.log(JSON.stringify({ bench: 'decode', ours: o, sdk: s, ratio: Number((o / s).toFixed(2)) }));
