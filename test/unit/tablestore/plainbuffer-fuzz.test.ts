/** Bounded fuzz: random damage to valid buffers either decodes or throws PlainBufferCorruptError — nothing else. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PlainBufferCorruptError,
  decodeRow,
  decodeRows,
  encodeRow,
  encodeRows,
  type Row,
} from '../../../shared/tablestore/plainbuffer/index.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rows: Row[] = [
  {
    primaryKey: [
      { name: 'id', value: 1n },
      { name: 's', value: 'abc' },
    ],
    cells: [
      { name: 'i', op: 'PUT', value: -5n, timestamp: 1_700_000_000_000 },
      { name: 'd', op: 'PUT', value: 1.5, timestamp: 1_700_000_000_000 },
      { name: 'b', op: 'PUT', value: true },
      { name: 'x', op: 'PUT', value: Buffer.from([1, 2, 3]) },
      { name: 'o', op: 'DELETE_ONE_VERSION', timestamp: 5 },
      { name: 'a', op: 'DELETE_ALL_VERSIONS' },
      { name: 'c', op: 'INCREMENT', value: 3n },
    ],
    deleteMarker: false,
    sequence: { epoch: 1, timestamp: 1_700_000_000_000_000, rowIndex: 9 },
  },
  {
    primaryKey: [
      { name: 'id', value: 2n },
      { name: 's', value: '' },
    ],
    cells: [],
    deleteMarker: true,
  },
];
const seeds = [encodeRow(rows[0]!), encodeRow(rows[1]!), encodeRows(rows)];

function damage(rand: () => number, input: Buffer): Buffer {
  const bytes = [...input];
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (bytes.length + 1));
    const kind = rand();
    if (kind < 0.5 && at < bytes.length) bytes[at] = Math.floor(rand() * 256);
    else if (kind < 0.75) bytes.splice(at, 0, Math.floor(rand() * 256));
    else bytes.splice(at, 1 + Math.floor(rand() * 4));
  }
  return Buffer.from(bytes);
}

test('5,000 damaged buffers never throw anything but PlainBufferCorruptError with an in-range offset', () => {
  const rand = prng(7);
  let corrupt = 0;
  for (let i = 0; i < 5000; i++) {
    const bytes = damage(rand, seeds[i % seeds.length]!);
    for (const decode of [decodeRow, decodeRows]) {
      try {
        decode(bytes);
      } catch (err) {
        assert.ok(
          err instanceof PlainBufferCorruptError,
          `case ${i}: ${String(err)} for ${bytes.toString('hex')}`,
        );
        assert.ok(
          err.offset >= 0 && err.offset <= bytes.length,
          `case ${i}: offset ${err.offset} of ${bytes.length}`,
        );
        corrupt++;
      }
    }
  }
  assert.ok(corrupt > 8000, `${corrupt} of 10000 decodes reported corruption`);
});
