/**
 * Protobuf messages the server speaks: the SDK's own `tablestore.proto` (+ filter proto) loaded with
 * protobufjs for table/row APIs, and the project's newer stream proto for the Stream APIs, so
 * clients built on either proto understand us.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import {
  messageType as streamMessageType,
  type StreamMessages,
} from '../../shared/tablestore/proto/index.js';

const require = createRequire(import.meta.url);
const protoDir = join(dirname(require.resolve('tablestore/package.json')), 'lib', 'protocol');

const root = protobuf.loadSync([
  join(protoDir, 'tablestore.proto'),
  join(protoDir, 'tablestore_filter.proto'),
]);

// Additive table/row fields of the Go `table_store.proto` / Java `ots_internal_api.proto` (same numbers).
root.lookupType('main.proto.TableOptions').add(new protobuf.Field('update_full_row', 7, 'bool', 'optional'));
root
  .lookupType('main.proto.BatchWriteRowRequest')
  .add(new protobuf.Field('is_atomic', 3, 'bool', 'optional'));
root.resolveAll();

const STREAM_MESSAGES = new Set(Object.keys(streamMessageNames()));

function streamMessageNames(): Record<string, true> {
  const names: Record<string, true> = {};
  for (const action of ['ListStream', 'DescribeStream', 'GetShardIterator', 'GetStreamRecord']) {
    names[`${action}Request`] = true;
    names[`${action}Response`] = true;
  }
  return names;
}

/**
 * A message type by name, e.g. `messageType('PutRowRequest')`. Stream messages come from the
 * project's newer stream proto (`shared/tablestore/proto`: GetShardIterator `timestamp`/`token`,
 * `next_token`, …); everything else from the SDK's own proto.
 */
export function messageType(name: string): protobuf.Type {
  if (STREAM_MESSAGES.has(name)) return streamMessageType(name as keyof StreamMessages);
  return root.lookupType(`main.proto.${name}`);
}

export function filterType(name: string): protobuf.Type {
  return root.lookupType(`filter.proto.${name}`);
}

/** Decodes a message; throws protobufjs errors (missing required field, bad wire data) for the caller to map. */
export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array): T {
  const message = type.decode(bytes);
  return type.toObject(message, { longs: String, enums: Number, bytes: Buffer, defaults: false }) as T;
}

export function encodeMessage(type: protobuf.Type, value: Record<string, unknown>): Buffer {
  return Buffer.from(type.encode(type.fromObject(value)).finish());
}

/** int64 fields arrive as decimal strings (`longs: String`); undefined stays undefined. */
export function int64(value: unknown): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  return BigInt(value as string);
}
