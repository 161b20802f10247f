/**
 * PlainBuffer codec: Tablestore's row format inside protobuf messages (reference §3).
 *
 * - `decodeRow` / `decodeRows` read stream records, SDK request rows (trailing zero padding after
 *   the row checksum is ignored) and GetRange buffers; every cell and row checksum is verified and
 *   a mismatch or malformed byte throws `PlainBufferCorruptError` with the byte `offset`.
 * - `encodeRow` / `encodeRows` write the exact layout of the Java/Go writers (a row with
 *   `sequence` gets the stream-record extension); used by the local server.
 * - Values are plain JS values: INTEGER = bigint (exact int64), DOUBLE = number, BOOLEAN,
 *   STRING, BINARY = Uint8Array; PK sentinels `INF_MIN`, `INF_MAX`, `AUTO_INCREMENT`.
 *   Decoded cells always have own `value` / `timestamp` properties (undefined when absent).
 *
 * @example
 * const bytes = encodeRow({ primaryKey: [{ name: 'id', value: 1n }],
 *   cells: [{ name: 'n', op: 'PUT', value: 'x', timestamp: 1700000000000 }], deleteMarker: false });
 * decodeRow(bytes).cells[0].value; // 'x'
 */
export * from './types.js';
export { encodeRow, encodeRows, encodeColumnValue } from './encode.js';
export { decodeRow, decodeRows, decodeColumnValue } from './decode.js';
export { CRC8_TABLE, crc8Byte, crc8Bytes } from './crc8.js';
export { PlainBufferCorruptError, PlainBufferEncodeError } from './errors.js';
export * as PlainBufferConstants from './constants.js';
