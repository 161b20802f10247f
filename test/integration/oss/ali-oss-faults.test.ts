/**
 * OSS failures and housekeeping on the local OSS server through ali-oss: injected errors surface
 * as our typed errors, a lost response is resolved by the identical-content check, empty
 * partials, truncate's stale-part removal, listing pagination.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LocalStack } from '../../../local/stack.js';
import { faultFired, injectFault } from '../../../local/oss/admin-client.js';
import {
  AliOssSink,
  AppendConflictError,
  MultipartWriter,
  OssError,
  UploadGoneError,
  appendStart,
  createOssClient,
  writeFinalObjects,
  type MergeSource,
} from '../../../shared/oss/index.js';
import { stageObjects, startOssSink } from './helpers.js';

const BUCKET = 'ots2oss-it-faults';
const PART = 100 * 1024;
let stack: LocalStack;
let sink: AliOssSink;

before(async () => {
  ({ stack, sink } = await startOssSink(BUCKET));
});

after(async () => {
  await stack?.close();
});

const stage = (prefix: string, bodies: Buffer[], skip = 0): Promise<MergeSource[]> =>
  stageObjects(sink, prefix, bodies, skip);

test('an OSS error on a part surfaces as OssError with its code; close then aborts the upload', async () => {
  const endpoint = stack.info.oss!.endpoint;
  const key = 'staging/w6/shard-1/part-00000.csv';
  const fault = await injectFault(endpoint, {
    operation: 'UploadPart',
    status: 503,
    code: 'ServiceUnavailable',
    keyPrefix: 'staging/w6/',
  });
  const w = await MultipartWriter.open(sink, key, { partSize: PART });
  await assert.rejects(w.write(randomBytes(PART)), (err: unknown) => {
    assert.ok(err instanceof OssError, `got ${String(err)}`);
    assert.equal(err.ossCode, 'ServiceUnavailable');
    assert.equal(err.status, 503);
    return true;
  });
  assert.equal(await faultFired(endpoint, fault.id), 1);
  const uploadId = w.state().uploadId as string;
  await w.close();
  await assert.rejects(sink.listParts(key, uploadId), UploadGoneError);
});

test('nonConflict: a write whose response was lost is found identical on retry (exactly once)', async () => {
  const endpoint = stack.info.oss!.endpoint;
  const sources = await stage('staging/w7/', [randomBytes(4000)]);
  const opts = {
    mode: 'nonConflict' as const,
    maxFileSize: 1 << 20,
    partSize: PART,
    objectKey: () => 'out/w7/part-1',
  };
  const fault = await injectFault(endpoint, {
    operation: 'PutObject',
    keyPrefix: 'out/w7/',
    cut: 'response',
    afterBytes: 0,
  });
  await assert.rejects(writeFinalObjects(sink, sources, opts), OssError);
  assert.equal(await faultFired(endpoint, fault.id), 1, 'the response was cut after OSS stored the object');
  assert.ok(await sink.head('out/w7/part-1'), 'the object did land');
  const retry = await writeFinalObjects(sink, sources, opts);
  assert.deepEqual(
    retry.map((o) => o.existed),
    [true],
  );
});

test('an empty partial commits as an empty object; truncate lists and deletes stale parts on OSS', async () => {
  const empty = await MultipartWriter.open(sink, 'staging/w8/empty.csv', { partSize: PART });
  assert.deepEqual(await empty.commit(), { key: 'staging/w8/empty.csv', size: 0, crc64: '0' });
  assert.equal((await sink.head('staging/w8/empty.csv'))?.size, 0);

  for (const part of [1, 2, 3]) await sink.put(`out/w8/orders_1_2_00000${part}.csv`, Buffer.from('old'));
  await sink.put('out/w8/orders_1_20_000001.csv', Buffer.from('another window'));
  const sources = await stage('staging/w8/p', [randomBytes(700)]);
  await writeFinalObjects(sink, sources, {
    mode: 'truncate',
    maxFileSize: 1 << 20,
    partSize: PART,
    objectKey: (part) => `out/w8/orders_1_2_00000${part}.csv`,
    stalePrefix: 'out/w8/orders_1_2_',
  });
  assert.deepEqual(
    (await sink.list('out/w8/')).map((o) => o.key),
    ['out/w8/orders_1_20_000001.csv', 'out/w8/orders_1_2_000001.csv'],
  );
  await assert.rejects(appendStart(sink, 'out/w8/orders_1_2_000001.csv'), AppendConflictError);
});

test('listing pages through ListObjectsV2 continuation tokens; deleteMany removes them all', async () => {
  const info = stack.info.oss!;
  const paged = new AliOssSink(
    createOssClient({
      endpoint: info.endpoint,
      bucket: BUCKET,
      accessKeyId: info.accessKeyId,
      accessKeySecret: info.accessKeySecret,
    }),
    4,
  );
  const keys = Array.from({ length: 11 }, (_, i) => `list/k-${String(i).padStart(3, '0')}`);
  for (const key of keys) await paged.put(key, Buffer.from(key));
  await paged.put('listx/other', Buffer.from('x'));
  assert.deepEqual(
    (await paged.list('list/')).map((o) => o.key),
    keys,
  );
  await paged.deleteMany(keys);
  assert.deepEqual(await paged.list('list/'), []);
  assert.ok(await paged.head('listx/other'));
});
