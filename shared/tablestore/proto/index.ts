/**
 * Stream API protobuf codec (protobufjs over `STREAM_PROTO`). `encodeMessage` takes the camelCase
 * shapes of `messages.ts`; `decodeMessage` returns them with absent optional fields left
 * undefined (not proto2 defaults), repeated fields as arrays, int64 as number, bytes as Buffer.
 * Decoding throws protobufjs' error on a missing required field.
 *
 * @example
 * const body = encodeMessage('GetShardIteratorRequest', { streamId, shardId, timestamp: 1700000000000000 });
 * const { shardIterator, nextToken } = decodeMessage('GetShardIteratorResponse', responseBody);
 */
import protobuf from 'protobufjs';
import { STREAM_PROTO } from './stream.proto.js';
import type { StreamMessages } from './messages.js';

export * from './messages.js';
export { STREAM_PROTO } from './stream.proto.js';

const root = protobuf.parse(STREAM_PROTO, { keepCase: false }).root;
const types = new Map<string, protobuf.Type>();

/** The protobufjs Type of a message, e.g. for a server that wants reflection. */
export function messageType(name: keyof StreamMessages): protobuf.Type {
  let type = types.get(name);
  if (!type) {
    type = root.lookupType(`tablestore.stream.${name}`);
    types.set(name, type);
  }
  return type;
}

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: Number,
  enums: Number,
  defaults: false,
  arrays: true,
};

export function encodeMessage<K extends keyof StreamMessages>(
  name: K,
  message: StreamMessages[K],
): Uint8Array {
  return messageType(name)
    .encode(message as unknown as Record<string, unknown>)
    .finish();
}

export function decodeMessage<K extends keyof StreamMessages>(name: K, bytes: Uint8Array): StreamMessages[K] {
  const type = messageType(name);
  return type.toObject(type.decode(bytes), TO_OBJECT) as StreamMessages[K];
}
