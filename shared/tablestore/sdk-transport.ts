/**
 * Sends stream requests through the `tablestore` SDK's own pipeline (endpoint, signing, headers,
 * MD5, HTTP, its error shape) although the SDK has no stream operations (reference §0 finding 1).
 * `client.makeRequest(op)` builds the body with `this.buildContent` and reads the answer with
 * `this.extractData`; a per-client view overrides just those two for our four operations. Nothing
 * global is patched, so it works with whichever copy of the SDK built the client (bundles too).
 */
import { decodeMessage, encodeMessage, type StreamMessages } from './proto/index.js';

/** The slice of `TableStore.Client` we use; any SDK client instance fits. */
export interface SdkClient {
  makeRequest(operation: string, params: unknown): Promise<unknown>;
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

/** What the SDK's request listeners are handed (`lib/request.js`, `lib/client.js`). */
interface SdkRequest {
  operation: string;
  params: unknown;
  httpRequest: { body: unknown };
}
interface SdkResponse {
  request: { operation: string };
  httpResponse: { body: Buffer; headers: Record<string, string | undefined> };
  data: unknown;
}

function operationOf(name: string): (typeof STREAM_OPERATIONS)[StreamOperation] {
  const op = STREAM_OPERATIONS[name as StreamOperation];
  if (!op) throw new Error(`not a stream operation: ${name}`);
  return op;
}

const views = new WeakMap<SdkClient, SdkClient>();

/** The client with our body builder and response reader; cached per client. */
function streamView(client: SdkClient): SdkClient {
  let view = views.get(client);
  if (!view) {
    view = Object.create(client) as SdkClient;
    Object.assign(view, {
      buildContent(req: SdkRequest) {
        const bytes = encodeMessage(operationOf(req.operation).request, req.params as never);
        req.httpRequest.body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      },
      extractData(resp: SdkResponse) {
        // A decoding error thrown here comes back from makeRequest as the request's error.
        resp.data = decodeMessage(operationOf(resp.request.operation).response, resp.httpResponse.body);
      },
    });
    views.set(client, view);
  }
  return view;
}

/** One request through the SDK; resolves with the decoded response (SDK errors are rethrown raw). */
export async function sendStreamRequest<Op extends StreamOperation>(
  client: SdkClient,
  operation: Op,
  request: RequestOf<Op>,
): Promise<ResponseOf<Op>> {
  return (await streamView(client).makeRequest(operation, request)) as ResponseOf<Op>;
}
