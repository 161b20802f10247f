/** Corrupt input always ends in a typed error that names the byte offset; nothing decodes silently wrong. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PlainBufferCorruptError,
  decodeRow,
  encodeRow,
  type Row,
} from '../../../shared/tablestore/plainbuffer/index.js';

const record: Row = {
  primaryKey: [
    { name: 'id', value: 77n },
    { name: 'part', value: 'p-1' },
  ],
  cells: [
    { name: 'n', op: 'PUT', value: 12345678901234567n, timestamp: 1_700_000_000_000 },
    { name: 's', op: 'PUT', value: 'value', timestamp: 1_700_000_000_000 },
    { name: 'd', op: 'DELETE_ONE_VERSION', timestamp: 1_600_000_000_000 },
    { name: 'a', op: 'DELETE_ALL_VERSIONS' },
  ],
  deleteMarker: false,
  sequence: { epoch: 1, timestamp: 1_700_000_000_000_001, rowIndex: 3 },
};
const good = encodeRow(record);
const EXTENSION_LENGTH = 29;
const extensionStart = good.length - 2 - EXTENSION_LENGTH;

function corruptAt(bytes: Uint8Array): PlainBufferCorruptError | undefined {
  try {
    decodeRow(bytes);
    return undefined;
  } catch (err) {
    assert.ok(err instanceof PlainBufferCorruptError, `expected PlainBufferCorruptError, got ${String(err)}`);
    return err;
  }
}

test('a flipped bit anywhere before the extension is caught, with an offset inside the buffer', () => {
  for (let i = 0; i < extensionStart; i++) {
    for (const bit of [0x01, 0x80]) {
      const bad = Buffer.from(good);
      bad[i]! ^= bit;
      const err = corruptAt(bad);
      assert.ok(err, `flip of bit ${bit} at byte ${i} went unnoticed`);
      assert.ok(err.offset >= 0 && err.offset <= bad.length, `offset ${err.offset} out of range`);
      assert.match(err.message, new RegExp(`byte offset ${err.offset}\\b`));
      assert.equal(err.code, 'PLAINBUFFER_CORRUPT');
    }
  }
});

test('a changed value byte is reported at that cell checksum', () => {
  const at = good.indexOf(Buffer.from('value'));
  const bad = Buffer.from(good);
  bad[at] = 'V'.charCodeAt(0);
  const err = corruptAt(bad);
  const checksumAt = good.indexOf(Buffer.from([0x0a]), at + 5) + 1; // the crc byte after TAG_CELL_CHECKSUM
  assert.equal(err?.offset, checksumAt);
  assert.match(err!.message, /cell checksum mismatch/);
});

test('a wrong row checksum is reported at its byte', () => {
  const bad = Buffer.from(good);
  bad[bad.length - 1]! ^= 0xff;
  const err = corruptAt(bad);
  assert.equal(err?.offset, good.length - 1);
  assert.match(err!.message, /row checksum mismatch/);
});

test('every truncation fails with an offset at or before the cut', () => {
  for (let cut = 0; cut < good.length; cut++) {
    const err = corruptAt(good.subarray(0, cut));
    assert.ok(err, `truncation to ${cut} bytes went unnoticed`);
    assert.ok(err.offset <= cut, `offset ${err.offset} beyond the cut ${cut}`);
  }
});

test('a wrong header is reported at offset 0', () => {
  const bad = Buffer.from(good);
  bad[0] = 0x76;
  assert.equal(corruptAt(bad)?.offset, 0);
});

test('an extension whose length runs past the buffer is caught', () => {
  const bad = Buffer.from(good);
  bad.writeUInt32LE(1000, extensionStart + 1);
  assert.equal(corruptAt(bad)?.offset, extensionStart + 1);
});

test('a timestamp beyond 2^53 is reported instead of being rounded', () => {
  const bad = Buffer.from(good);
  const ts = bad.indexOf(Buffer.from([0x07])); // first TAG_CELL_TIMESTAMP
  bad.writeBigInt64LE(1n << 60n, ts + 1);
  assert.match(corruptAt(bad)!.message, /53 bits/);
});
