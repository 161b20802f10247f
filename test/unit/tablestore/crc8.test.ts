import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CRC8_TABLE, crc8Bytes } from '../../../shared/tablestore/plainbuffer/index.js';
import { sdk } from './sdk.js';

/** Bit-by-bit CRC-8 straight from the polynomial x^8 + x^2 + x + 1 (0x07): no table involved. */
function crc8Bitwise(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

test('the CRC-8 of "123456789" is the catalogued check value 0xF4 (poly 0x07, init 0, no reflection)', () => {
  assert.equal(crc8Bytes(0, Buffer.from('123456789', 'ascii')), 0xf4);
  assert.equal(crc8Bitwise(Buffer.from('123456789', 'ascii')), 0xf4);
});

test('every table entry equals the bitwise CRC of that single byte', () => {
  for (let i = 0; i < 256; i++) assert.equal(CRC8_TABLE[i], crc8Bitwise(Uint8Array.of(i)), `entry ${i}`);
});

test('the table matches the Tablestore SDK checksum for every byte value', () => {
  for (let i = 0; i < 256; i++) assert.equal(CRC8_TABLE[i], sdk.plainBufferCrc8.crcInt8(0, i), `entry ${i}`);
});

test('a running checksum over chunks equals the bitwise CRC of the whole input', () => {
  const data = Buffer.from('PlainBuffer rows, cells and checksums \u00e9\u4e2d', 'utf8');
  const split = 13;
  assert.equal(crc8Bytes(crc8Bytes(0, data, 0, split), data, split), crc8Bitwise(data));
});
