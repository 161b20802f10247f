/**
 * Failures the local Tablestore cannot produce on purpose: reset connections and undecodable
 * bodies. A bare HTTP fixture answers the real SDK; the client must retry the resets and turn
 * the garbage into a typed, non-retried error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TablestoreError } from '../../../shared/tablestore/index.js';
import { encodeMessage } from '../../../shared/tablestore/proto/index.js';
import { sdkClient, streamClient } from './helpers.js';

let server: Server;
let endpoint: string;
/** What the fixture does with the next requests, in order; then it answers normally. */
let plan: ('reset' | 'garbage')[] = [];
let requests = 0;

before(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      const next = plan.shift();
      if (next === 'reset') return void req.socket.destroy();
      const body =
        next === 'garbage'
          ? Buffer.from([0xff, 0xff, 0xff, 0x0f, 0x01])
          : Buffer.from(
              encodeMessage('ListStreamResponse', {
                streams: [{ streamId: 's1', tableName: 't', creationTime: 1_700_000_000_000_000 }],
              }),
            );
      res.writeHead(200, { 'content-length': body.length, 'x-ots-requestid': `fixture-${requests}` });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('reset connections are retried as network errors until the server answers', async () => {
  plan = ['reset', 'reset', 'reset'];
  requests = 0;
  const client = streamClient(sdkClient(endpoint));
  const streams = await client.listStream('t');
  assert.deepEqual(streams, [{ streamId: 's1', tableName: 't', creationTimeUs: 1_700_000_000_000_000 }]);
  assert.equal(requests, 4, 'three resets, then the answer');
  assert.deepEqual(client.stats.retriesByCode, { TABLESTORE_NETWORK: 3 });
});

test('an undecodable response is a typed, non-retried error, not an SDK or protobufjs error', async () => {
  plan = ['garbage'];
  requests = 0;
  const client = streamClient(sdkClient(endpoint));
  await assert.rejects(client.listStream('t'), (err: unknown) => {
    assert.ok(err instanceof TablestoreError);
    assert.equal(err.code, 'TABLESTORE_BAD_RESPONSE');
    assert.equal(err.retryable, false);
    assert.equal(err.attempts, 1);
    return true;
  });
  assert.equal(requests, 1);
});
