/**
 * Sends stream requests through the `tablestore` SDK's own pipeline (signing, headers, MD5, HTTP)
 * by teaching its encoder/decoder our four operations (reference §0 finding 1): for these names
 * `TableStore.encoder.encode` returns our protobuf bytes and `TableStore.decoder.decode` our
 * decoded message; every other operation goes to the SDK's own code unchanged.
 */
import { createRequire } from 'node:module';
import { decodeMessage, encodeMessage, type StreamMessages } from './proto/index.js';

/** The slice of `TableStore.Client` we use; any SDK client instance fits. */
export interface SdkClient {
  makeRequest(operation: string, params: unknown): Promise<unknown>;
}

interface SdkCodec {
  encode(operation: string, params: unknown): unknown;
  decode(operation: string, body: Buffer): unknown;
}

interface SdkModule {
  encoder: Pick<SdkCodec, 'encode'>;
  decoder: Pick<SdkCodec, 'decode'>;
}

export const STREAM_OPERATIONS = {
  listStream: { request: 'ListStreamRequest', response: 'ListStreamResponse' },
  describeStream: { request: 'DescribeStreamRequest', response: 'DescribeStreamResponse' },
  getShardIterator: { request: 'GetShardIteratorRequest', response: 'GetShardIteratorResponse' },
  getStreamRecord: { request: 'GetStreamRecordRequest', response: 'GetStreamRecordResponse' },
} as const;
export type StreamOperation = keyof typeof STREAM_OPERATIONS;

type RequestOf<Op extends StreamOperation> = StreamMessages[(typeof STREAM_OPERATIONS)[Op]['request']];
type ResponseOf<Op extends StreamOperation> = StreamMessages[(typeof STREAM_OPERATIONS)[Op]['response']];

/** What `buildContent` needs: `Object.getPrototypeOf(x).constructor.encode(x).finish()`. */
class EncodedBody {
  constructor(readonly bytes: Buffer) {}
  static encode(body: EncodedBody): { finish(): Buffer } {
    return { finish: () => body.bytes };
  }
}

function isStreamOperation(op: string): op is StreamOperation {
  return Object.hasOwn(STREAM_OPERATIONS, op);
}

const INSTALLED = Symbol.for('tablestore-oss-sync.streamCodec');
let installed = false;

/** Wraps the SDK's encoder/decoder once per process (they are module singletons). */
export function installStreamCodec(): void {
  if (installed) return;
  const sdk = createRequire(import.meta.url)('tablestore') as SdkModule & { [INSTALLED]?: boolean };
  if (!sdk[INSTALLED]) {
    const encode = sdk.encoder.encode.bind(sdk.encoder);
    const decode = sdk.decoder.decode.bind(sdk.decoder);
    sdk.encoder.encode = (op, params) => {
      if (!isStreamOperation(op)) return encode(op, params);
      const bytes = encodeMessage(STREAM_OPERATIONS[op].request, params as never);
      return new EncodedBody(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    };
    sdk.decoder.decode = (op, body) => {
      if (!isStreamOperation(op)) return decode(op, body);
      return decodeMessage(STREAM_OPERATIONS[op].response, body);
    };
    sdk[INSTALLED] = true;
  }
  installed = true;
}

/** One request through the SDK; resolves with the decoded response (SDK errors are rethrown raw). */
export async function sendStreamRequest<Op extends StreamOperation>(
  client: SdkClient,
  operation: Op,
  request: RequestOf<Op>,
): Promise<ResponseOf<Op>> {
  installStreamCodec();
  const response = (await client.makeRequest(operation, request)) as ResponseOf<Op> & { RequestId?: string };
  delete response.RequestId; // the SDK adds it to every decoded response
  return response;
}
