/**
 * CRC-8/ATM as PlainBuffer uses it: polynomial 0x07, init 0, no reflection, no final XOR
 * (reference §3.3). The table is computed from the polynomial at load time.
 */
export const CRC8_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let bit = 0; bit < 8; bit++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
    table[i] = c;
  }
  return table;
})();

/** Folds one byte into a running checksum. */
export function crc8Byte(crc: number, byte: number): number {
  return CRC8_TABLE[(crc ^ byte) & 0xff]!;
}

/** Folds `bytes[start, end)` into a running checksum. */
export function crc8Bytes(crc: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = CRC8_TABLE;
  for (let i = start; i < end; i++) crc = t[crc ^ bytes[i]!]!;
  return crc;
}
