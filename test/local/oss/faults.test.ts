/** Fault injection through the admin API, observed with the real ali-oss client. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type OSS from 'ali-oss';
import { clearFaults, faultFired, injectFault, listFaults } from '../../../local/oss/admin-client.js';
import { bucketName, clientFor, CONFIGS, startOss } from './helpers.js';

let server: Awaited<ReturnType<typeof startOss>>;
let client: OSS;
let endpoint: string;
const bucket = bucketName('faults');

before(async () => {
  server = await startOss();
  endpoint = server.info.endpoint;
  client = clientFor(server.port, CONFIGS[0]!, bucket);
  await client.putBucket(bucket);
});
beforeEach(() => clearFaults(endpoint));
after(() => server.close());

type OssErr = { code?: string; status?: number; name?: string };

test('the next N requests of an operation fail with the given status and code, then it works again', async () => {
  const fault = await injectFault(endpoint, {
    operation: 'PutObject',
    count: 2,
    status: 503,
    code: 'ServiceUnavailable',
  });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(
      client.put('f.txt', Buffer.from('x')),
      (err: OssErr) => err.status === 503 && err.code === 'ServiceUnavailable',
    );
  }
  assert.equal(await faultFired(endpoint, fault.id), 2);
  await client.put('f.txt', Buffer.from('x'));
  const [state] = await listFaults(endpoint);
  assert.equal(state!.remaining, 0);
  assert.equal(state!.fired, 2);
});

test('faults apply only to their operation, bucket and key prefix', async () => {
  const fault = await injectFault(endpoint, {
    operation: 'GetObject',
    keyPrefix: 'hot/',
    status: 500,
    code: 'InternalError',
  });
  await client.put('cold/a', Buffer.from('a'));
  await client.put('hot/a', Buffer.from('a'));
  await client.get('cold/a');
  await client.head('hot/a');
  assert.equal(await faultFired(endpoint, fault.id), 0);
  await assert.rejects(
    client.get('hot/a'),
    (err: OssErr) => err.status === 500 && err.code === 'InternalError',
  );
  assert.equal(await faultFired(endpoint, fault.id), 1);
});

test('a delay fault slows the request down without failing it', async () => {
  const fault = await injectFault(endpoint, { operation: 'HeadObject', delayMs: 300 });
  await client.put('slow.txt', Buffer.from('s'));
  const started = Date.now();
  await client.head('slow.txt');
  assert.ok(Date.now() - started >= 290, `took ${Date.now() - started} ms`);
  assert.equal(await faultFired(endpoint, fault.id), 1);
});

test('a connection cut mid-request-body fails the upload and stores nothing', async () => {
  const fault = await injectFault(endpoint, { operation: 'PutObject', cut: 'request' });
  await assert.rejects(
    client.put('cut-req.bin', Buffer.alloc(256 * 1024, 1)),
    (err: OssErr) => err.status !== 200,
  );
  assert.equal(await faultFired(endpoint, fault.id), 1);
  await assert.rejects(client.head('cut-req.bin'), (err: OssErr) => err.code === 'NoSuchKey');
});

test('a connection cut mid-response-body truncates a download', async () => {
  await client.put('cut-resp.bin', Buffer.alloc(512 * 1024, 2));
  const fault = await injectFault(endpoint, { operation: 'GetObject', cut: 'response', afterBytes: 1000 });
  await assert.rejects(client.get('cut-resp.bin'));
  assert.equal(await faultFired(endpoint, fault.id), 1);
  assert.equal((await client.get('cut-resp.bin')).content.length, 512 * 1024);
});

test('a response cut after the operation ran leaves the write done though the client saw a failure', async () => {
  const fault = await injectFault(endpoint, { operation: 'PutObject', cut: 'response' });
  await assert.rejects(client.put('ambiguous.txt', Buffer.from('written')));
  assert.equal(await faultFired(endpoint, fault.id), 1);
  assert.equal((await client.get('ambiguous.txt')).content.toString(), 'written');
});

test('the admin API rejects bad fault specs with a message naming the field', async () => {
  await assert.rejects(injectFault(endpoint, { operation: 'PutObject' }), /give status, cut or delayMs/);
  await assert.rejects(injectFault(endpoint, { operation: 'PutObject', status: 99 }), /status must be/);
  await assert.rejects(
    injectFault(endpoint, { operation: 'no spaces allowed', status: 500 }),
    /operation must be/,
  );
});
