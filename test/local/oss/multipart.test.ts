/** Multipart through the real ali-oss client: whole uploads, checkpoint resume, part copy, completion checks, listings. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type OSS from 'ali-oss';
import { faultFired, injectFault, removeFault } from '../../../local/oss/admin-client.js';
import { crc64 } from '../../../local/oss/crc64.js';
import { bucketName, clientFor, CONFIGS, startOss } from './helpers.js';

const KB = 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

/** OSS/S3 multipart ETag, computed here independently of the server: MD5 of the parts' MD5s, "-", count. */
function multipartEtag(data: Buffer, partSize: number): string {
  const digests: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += partSize)
    digests.push(md5(data.subarray(offset, offset + partSize)));
  return `"${createHash('md5').update(Buffer.concat(digests)).digest('hex').toUpperCase()}-${digests.length}"`;
}

type OssErr = { code?: string; status?: number };
const rejectsWith = (p: Promise<unknown>, code: string, status: number) =>
  assert.rejects(p, (err: OssErr) => {
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    return true;
  });

let server: Awaited<ReturnType<typeof startOss>>;
let dir: string;
before(async () => {
  server = await startOss();
  dir = await mkdtemp(join(tmpdir(), 'oss-mp-'));
});
after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

for (const config of CONFIGS) {
  test(`multipartUpload and multipartUploadCopy with ${config.name}`, async () => {
    const bucket = bucketName('mp');
    const client = clientFor(server.port, config, bucket);
    await client.putBucket(bucket);
    const data = randomBytes(350 * KB);
    const result = await client.multipartUpload('big/file.csv', data, {
      partSize: 100 * KB,
      meta: { run: '7' } as never,
      headers: { 'x-oss-storage-class': 'IA' },
    });
    assert.equal((result as unknown as { etag: string }).etag, multipartEtag(data, 100 * KB));
    const got = await client.get('big/file.csv');
    assert.deepEqual(got.content, data);
    const headers = got.res.headers as Record<string, string>;
    assert.equal(headers['x-oss-object-type'], 'Multipart');
    assert.equal(headers['content-type'], 'text/csv');
    assert.equal(headers['x-oss-meta-run'], '7');
    assert.equal(headers['x-oss-storage-class'], 'IA');
    assert.equal(headers['x-oss-hash-crc64ecma'], crc64(data).toString());
    const source = {
      sourceKey: 'big/file.csv',
      sourceBucketName: bucket,
    } as OSS.MultipartUploadCopySourceData;
    const copy = await client.multipartUploadCopy('big/copy.csv', source, { partSize: 128 * KB });
    assert.equal(copy.res.status, 200);
    assert.deepEqual((await client.get('big/copy.csv')).content, data);
  });
}

describe('multipart details (IP endpoint, V4)', () => {
  const config = CONFIGS[1]!;
  const bucket = bucketName('mpd');
  let client: OSS;
  before(async () => {
    client = clientFor(server.port, config, bucket);
    await client.putBucket(bucket);
  });

  test('a failed multipartUpload resumes from its checkpoint, uploading only the missing parts', async () => {
    const data = randomBytes(600 * KB);
    const file = join(dir, 'resume.bin');
    await writeFile(file, data);
    const failing = await injectFault(server.info.endpoint, {
      operation: 'UploadPart',
      count: 1,
      status: 503,
      code: 'ServiceUnavailable',
    });
    let checkpoint: OSS.Checkpoint | undefined;
    await assert.rejects(
      client.multipartUpload('resume.bin', file, {
        partSize: 100 * KB,
        parallel: 1,
        progress: async (_p: number, cpt: OSS.Checkpoint) => {
          checkpoint = cpt;
        },
      }),
      (err: OssErr) => err.status === 503,
    );
    assert.equal(await faultFired(server.info.endpoint, failing.id), 1);
    assert.ok(checkpoint, 'the client reported a checkpoint before failing');
    const done = checkpoint.doneParts.length;
    const counter = await injectFault(server.info.endpoint, {
      operation: 'UploadPart',
      count: 1000,
      delayMs: 0,
    });
    const resumed = await client.multipartUpload('resume.bin', file, {
      partSize: 100 * KB,
      parallel: 1,
      checkpoint,
    });
    assert.equal(await faultFired(server.info.endpoint, counter.id), 6 - done);
    await removeFault(server.info.endpoint, counter.id);
    assert.equal((resumed as unknown as { etag: string }).etag, multipartEtag(data, 100 * KB));
    assert.deepEqual((await client.get('resume.bin')).content, data);
  });

  test('uploadPartCopy takes a source byte range', async () => {
    const source = randomBytes(300 * KB);
    await client.put('range-src.bin', source);
    const { uploadId } = await client.initMultipartUpload('joined.bin');
    const src = { sourceKey: 'range-src.bin', sourceBucketName: bucket };
    const p1 = await client.uploadPartCopy('joined.bin', uploadId, 1, `0-${150 * KB - 1}`, src, {});
    const p2 = await client.uploadPartCopy('joined.bin', uploadId, 2, `${200 * KB}-${250 * KB - 1}`, src, {});
    await client.completeMultipartUpload('joined.bin', uploadId, [
      { number: 1, etag: p1.etag },
      { number: 2, etag: p2.etag },
    ]);
    const expected = Buffer.concat([source.subarray(0, 150 * KB), source.subarray(200 * KB, 250 * KB)]);
    assert.deepEqual((await client.get('joined.bin')).content, expected);
  });

  test('complete rejects small middle parts, wrong ETags, and overwrites when forbidden', async () => {
    const { uploadId } = await client.initMultipartUpload('small.bin');
    const a = await client.uploadPart('small.bin', uploadId, 1, Buffer.from('a'.repeat(10)) as never, 0, 10);
    const b = await client.uploadPart('small.bin', uploadId, 2, Buffer.from('b'.repeat(10)) as never, 0, 10);
    await rejectsWith(
      client.completeMultipartUpload('small.bin', uploadId, [
        { number: 1, etag: a.etag },
        { number: 2, etag: b.etag },
      ]),
      'EntityTooSmall',
      400,
    );
    await rejectsWith(
      client.completeMultipartUpload('small.bin', uploadId, [{ number: 1, etag: '"0123"' }]),
      'InvalidPart',
      400,
    );
    await client.put('small.bin', Buffer.from('already here'));
    await rejectsWith(
      client.completeMultipartUpload('small.bin', uploadId, [{ number: 1, etag: a.etag }], {
        headers: { 'x-oss-forbid-overwrite': 'true' },
      }),
      'FileAlreadyExists',
      409,
    );
    const done = await client.completeMultipartUpload('small.bin', uploadId, [{ number: 1, etag: a.etag }]);
    assert.equal(done.res.status, 200);
    assert.equal((await client.get('small.bin')).content.toString(), 'a'.repeat(10));
    await rejectsWith(client.abortMultipartUpload('small.bin', uploadId), 'NoSuchUpload', 404);
  });

  test('abort is 204 and the upload is gone; listParts pages with markers', async () => {
    const { uploadId } = await client.initMultipartUpload('parts.bin');
    for (let n = 1; n <= 3; n++)
      await client.uploadPart('parts.bin', uploadId, n, Buffer.alloc(10, n) as never, 0, 10);
    const page = await client.listParts('parts.bin', uploadId, { 'max-parts': '2' } as never);
    const parts = page.parts as unknown as Array<{ PartNumber: string }>;
    assert.deepEqual(
      parts.map((p) => p.PartNumber),
      ['1', '2'],
    );
    assert.equal(String(page.isTruncated), 'true', 'raw XML field');
    assert.equal(page.nextPartNumberMarker, '2');
    const rest = await client.listParts('parts.bin', uploadId, { 'part-number-marker': '2' } as never);
    assert.equal(
      (rest.parts as unknown as { PartNumber: string }).PartNumber ??
        (rest.parts as unknown as Array<{ PartNumber: string }>)[0]!.PartNumber,
      '3',
    );
    const aborted = (await client.abortMultipartUpload('parts.bin', uploadId)) as unknown as {
      res: { status: number };
    };
    assert.equal(aborted.res.status, 204);
    await rejectsWith(
      client.uploadPart('parts.bin', uploadId, 4, Buffer.alloc(10) as never, 0, 10),
      'NoSuchUpload',
      404,
    );
  });

  test('listUploads orders by key then id and pages with key-marker / upload-id-marker', async () => {
    const name = bucketName('uploads');
    const c = clientFor(server.port, config, name);
    await c.putBucket(name);
    const ids: Record<string, string[]> = { 'u/a': [], 'u/b': [] };
    for (const key of ['u/a', 'u/b', 'u/a']) ids[key]!.push((await c.initMultipartUpload(key)).uploadId);
    ids['u/a']!.sort();
    const all = await c.listUploads({ 'max-uploads': 10 } as never);
    assert.deepEqual(
      all.uploads.map((u) => [u.name, u.uploadId]),
      [
        ['u/a', ids['u/a']![0]],
        ['u/a', ids['u/a']![1]],
        ['u/b', ids['u/b']![0]],
      ],
    );
    const first = await c.listUploads({ 'max-uploads': 1 } as never);
    assert.equal(first.isTruncated, true);
    const second = await c.listUploads({
      'max-uploads': 10,
      'key-marker': first.nextKeyMarker,
      'upload-id-marker': first.nextUploadIdMarker,
    } as never);
    assert.deepEqual(
      second.uploads.map((u) => u.uploadId),
      [ids['u/a']![1], ids['u/b']![0]],
    );
    const idOnly = await c.listUploads({ 'upload-id-marker': ids['u/a']![1] } as never);
    assert.equal(idOnly.uploads.length, 3, 'upload-id-marker without key-marker is ignored');
    const afterA = await c.listUploads({ 'key-marker': 'u/a' } as never);
    assert.deepEqual(
      afterA.uploads.map((u) => u.name),
      ['u/b'],
    );
    await rejectsWith(c.deleteBucket(name), 'BucketNotEmpty', 409);
  });
});
