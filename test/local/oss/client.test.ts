/**
 * The real ali-oss client against the local OSS server, in both addressing forms (bucket in Host
 * via an IP endpoint; path-style via localhost + sldEnable) and both signature versions.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type OSS from 'ali-oss';
import { crc64 } from '../../../local/oss/crc64.js';
import { bucketName, clientFor, CONFIGS, startOss } from './helpers.js';

const md5Etag = (data: Buffer | string) => `"${createHash('md5').update(data).digest('hex').toUpperCase()}"`;
type OssErr = { code?: string; status?: number; name?: string; message: string };
const rejectsWith = (p: Promise<unknown>, code: string, status: number) =>
  assert.rejects(p, (err: OssErr) => {
    assert.equal(err.code, code);
    assert.equal(err.status, status);
    return true;
  });

let server: Awaited<ReturnType<typeof startOss>>;
before(async () => {
  server = await startOss();
});
after(() => server.close());

for (const config of CONFIGS) {
  describe(`ali-oss with ${config.name}`, () => {
    const bucket = bucketName(config.v4 ? 'v4' : 'v1');
    let client: OSS;
    before(async () => {
      client = clientFor(server.port, config, bucket);
      const created = await client.putBucket(bucket);
      assert.equal(created.bucket, bucket);
    });

    test('bucket info, location, ACL and listing by prefix', async () => {
      const info = await client.getBucketInfo(bucket);
      assert.equal(info.bucket.Name, bucket);
      assert.equal(info.bucket.Location, 'oss-cn-hangzhou');
      assert.equal(info.bucket.StorageClass, 'Standard');
      assert.equal((await client.getBucketLocation(bucket)).location, 'oss-cn-hangzhou');
      await client.putBucketACL(bucket, 'public-read');
      assert.equal((await client.getBucketACL(bucket)).acl, 'public-read');
      const listed = (await client.listBuckets({
        prefix: bucket,
      } as OSS.ListBucketsQueryType)) as unknown as {
        buckets: Array<{ name: string }>;
      };
      assert.deepEqual(
        listed.buckets.map((b) => b.name),
        [bucket],
      );
    });

    test('put and get keep bytes, metadata, content type; ETag is the MD5 and CRC-64 matches', async () => {
      const key = "dir/a b+c;,?:@&=$#~!'()*.txt";
      const data = Buffer.from('hello local oss\n');
      const put = await client.put(key, data, {
        meta: { owner: 'tests', n: '1' } as never,
        headers: { 'Cache-Control': 'no-cache' },
      });
      assert.equal(put.res.status, 200);
      assert.equal((put.res as unknown as { size: number }).size, 0);
      const headers = put.res.headers as Record<string, string>;
      assert.equal(headers.etag, md5Etag(data));
      assert.equal(headers['x-oss-hash-crc64ecma'], crc64(data).toString());
      const got = await client.get(key);
      assert.deepEqual(got.content, data);
      const gh = got.res.headers as Record<string, string>;
      assert.equal(gh['content-type'], 'text/plain');
      assert.equal(gh['cache-control'], 'no-cache');
      assert.equal(gh['x-oss-meta-owner'], 'tests');
      assert.equal(gh['x-oss-object-type'], 'Normal');
      const head = await client.head(key);
      assert.deepEqual(head.meta, { owner: 'tests', n: '1' });
      assert.equal((head.res.headers as Record<string, string>)['content-length'], String(data.length));
      const meta = await (
        client as unknown as { getObjectMeta(k: string): Promise<OSS.HeadObjectResult> }
      ).getObjectMeta(key);
      assert.equal((meta.res.headers as Record<string, string>).etag, md5Etag(data));
      await client.put('noext', Buffer.from('x'));
      assert.equal(
        (await client.head('noext')).res.headers['content-type' as never],
        'application/octet-stream',
      );
    });

    test('forbid-overwrite put of an existing key is 409 FileAlreadyExists', async () => {
      await client.put('once.txt', Buffer.from('1'), { headers: { 'x-oss-forbid-overwrite': 'true' } });
      await rejectsWith(
        client.put('once.txt', Buffer.from('2'), { headers: { 'x-oss-forbid-overwrite': 'true' } }),
        'FileAlreadyExists',
        409,
      );
      assert.equal((await client.get('once.txt')).content.toString(), '1');
    });

    test('streams upload and download', async () => {
      const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(4096, i));
      const whole = Buffer.concat(chunks);
      await client.putStream('stream.bin', Readable.from(chunks));
      const result = await client.getStream('stream.bin');
      const received: Buffer[] = [];
      for await (const c of result.stream as AsyncIterable<Buffer>) received.push(c);
      assert.deepEqual(Buffer.concat(received), whole);
    });

    test('range and conditional reads', async () => {
      const put = await client.put('range.txt', Buffer.from('0123456789abcdef'));
      const ranged = await client.get('range.txt', { headers: { Range: 'bytes=2-5' } });
      assert.equal(ranged.res.status, 206);
      assert.equal(ranged.content.toString(), '2345');
      assert.equal((ranged.res.headers as Record<string, string>)['content-range'], 'bytes 2-5/16');
      const ignored = await client.get('range.txt', { headers: { Range: 'bytes=20-30' } });
      assert.equal(ignored.res.status, 200);
      const etag = (put.res.headers as Record<string, string>).etag!;
      const date = (put.res.headers as Record<string, string>).date!;
      assert.equal((await client.get('range.txt', { headers: { 'If-None-Match': etag } })).res.status, 304);
      assert.equal(
        (await client.get('range.txt', { headers: { 'If-Modified-Since': date } })).res.status,
        304,
      );
      assert.equal((await client.get('range.txt', { headers: { 'If-Match': etag } })).res.status, 200);
      await assert.rejects(client.get('range.txt', { headers: { 'If-Match': '"0000"' } }), (err: OssErr) => {
        assert.equal(err.code, 'PreconditionFailed');
        assert.match(err.message, /condition: If-Match/);
        return true;
      });
      await rejectsWith(client.get('missing.txt'), 'NoSuchKey', 404);
    });

    test('delete is 204 even for a missing key; deleteMulti answers every key in order', async () => {
      await client.put('del/1', Buffer.from('1'));
      assert.equal((await client.delete('del/1')).res.status, 204);
      assert.equal((await client.delete('del/never')).res.status, 204);
      await client.put('del/2', Buffer.from('2'));
      const result = await client.deleteMulti(['del/2', 'del/none', 'del/&<x>']);
      assert.deepEqual(result.deleted, [{ Key: 'del/2' }, { Key: 'del/none' }, { Key: 'del/&<x>' }]);
      const quiet = await client.deleteMulti(['del/none'], { quiet: true });
      assert.equal(quiet.res.status, 200);
      await rejectsWith(client.head('del/2'), 'NoSuchKey', 404);
    });

    test('copy: other bucket, COPY and REPLACE metadata, conditionals, forbid-overwrite', async () => {
      const other = bucketName('copy-dst');
      await client.putBucket(other);
      const source = await client.put('src/a.txt', Buffer.from('copy me'), {
        meta: { pid: '1', slus: 'x' } as never,
      });
      const etag = (source.res.headers as Record<string, string>).etag!;
      const copied = await client.copy('dst.txt', 'src/a.txt', bucket, { headers: {} } as never);
      assert.equal(copied.data?.etag, etag);
      assert.deepEqual((await client.head('dst.txt')).meta, { pid: '1', slus: 'x' });
      const dstClient = clientFor(server.port, config, other);
      await dstClient.copy('in-other.txt', 'src/a.txt', bucket);
      assert.equal((await dstClient.get('in-other.txt')).content.toString(), 'copy me');
      await client.copy('replaced.txt', 'src/a.txt', { meta: { uid: '2' } } as never);
      assert.deepEqual((await client.head('replaced.txt')).meta, { uid: '2' });
      await client.putMeta('src/a.txt', { uid: '3' } as never, {});
      assert.deepEqual((await client.head('src/a.txt')).meta, { uid: '3' });
      const newEtag = (await client.head('src/a.txt')).res.headers['etag' as never];
      await assert.rejects(
        client.copy('c2.txt', 'src/a.txt', { headers: { 'If-Match': '"00"' } }),
        (err: OssErr) => {
          assert.equal(err.code, 'PreconditionFailed');
          return true;
        },
      );
      const notModified = await client.copy('c3.txt', 'src/a.txt', { headers: { 'If-None-Match': newEtag } });
      assert.equal(notModified.res.status, 304);
      assert.equal(notModified.data, null);
      await rejectsWith(
        client.copy('dst.txt', 'src/a.txt', { headers: { 'x-oss-forbid-overwrite': 'true' } }),
        'FileAlreadyExists',
        409,
      );
      await rejectsWith(client.copy('c4.txt', 'src/missing.txt'), 'NoSuchKey', 404);
      await dstClient.delete('in-other.txt');
      await client.deleteBucket(other);
    });

    test('ListObjects v1: prefix, delimiter, marker, max-keys, common prefixes', async () => {
      const keys = ['l/a.txt', 'l/b/1.txt', 'l/b/2.txt', 'l/c.txt', 'l/d/1.txt'];
      for (const key of keys) await client.put(key, Buffer.from(key));
      const page1 = await client.list({ prefix: 'l/', delimiter: '/', 'max-keys': 2 }, {});
      assert.deepEqual(
        page1.objects.map((o) => o.name),
        ['l/a.txt'],
      );
      assert.deepEqual(page1.prefixes, ['l/b/']);
      assert.equal(page1.isTruncated, true);
      assert.equal(page1.nextMarker, 'l/b/');
      assert.ok(page1.objects[0]!.owner);
      const page2 = await client.list(
        { prefix: 'l/', delimiter: '/', 'max-keys': 2, marker: page1.nextMarker! },
        {},
      );
      assert.deepEqual(
        page2.objects.map((o) => o.name),
        ['l/c.txt'],
      );
      assert.deepEqual(page2.prefixes, ['l/d/']);
      assert.equal(page2.isTruncated, false);
      assert.equal(page2.nextMarker, null);
      const all = await client.list({ prefix: 'l/', 'max-keys': 100 }, {});
      assert.deepEqual(
        all.objects.map((o) => o.name),
        keys,
      );
      assert.equal(all.objects[0]!.size, 'l/a.txt'.length);
      assert.equal(all.objects[0]!.etag, md5Etag('l/a.txt'));
    });

    test('ListObjectsV2: continuation tokens, start-after, fetch-owner, KeyCount, encoding-type', async () => {
      for (const key of ['v/1', 'v/2', 'v/3', 'v/x/1', 'v/y/1']) await client.put(key, Buffer.from('.'));
      const first = await client.listV2({ prefix: 'v/', delimiter: '/', 'max-keys': '3' }, {});
      assert.deepEqual(
        first.objects.map((o) => o.name),
        ['v/1', 'v/2', 'v/3'],
      );
      assert.equal(first.isTruncated, true);
      assert.equal(first.keyCount, 3);
      assert.equal(first.objects[0]!.owner, null);
      const second = await client.listV2(
        { prefix: 'v/', delimiter: '/', 'max-keys': '3', 'continuation-token': first.nextContinuationToken! },
        {},
      );
      assert.deepEqual(second.prefixes, ['v/x/', 'v/y/']);
      assert.equal(second.keyCount, 2);
      assert.equal(second.isTruncated, false);
      const owned = await client.listV2(
        { prefix: 'v/', 'start-after': 'v/2', 'fetch-owner': true, 'max-keys': '1' } as never,
        {},
      );
      assert.deepEqual(
        owned.objects.map((o) => o.name),
        ['v/3'],
      );
      assert.ok(owned.objects[0]!.owner);
      const encoded = await client.listV2({ prefix: 'v/x/', 'encoding-type': 'url' } as never, {});
      assert.deepEqual(
        encoded.objects.map((o) => o.name),
        ['v%2Fx%2F1'],
      );
    });

    test('object ACL', async () => {
      await client.put('acl.txt', Buffer.from('a'));
      assert.equal((await client.getACL('acl.txt')).acl, 'default');
      await client.putACL('acl.txt', 'public-read');
      assert.equal((await client.getACL('acl.txt')).acl, 'public-read');
    });

    test('append with position checks and next-append-position', async () => {
      const first = await client.append('log.txt', Buffer.from('abc'));
      assert.equal(first.nextAppendPosition, '3');
      const second = await client.append('log.txt', Buffer.from('de'), {
        position: first.nextAppendPosition,
      });
      assert.equal(second.nextAppendPosition, '5');
      await assert.rejects(
        client.append('log.txt', Buffer.from('zz'), { position: '3' }),
        (err: OssErr & { res?: { headers: Record<string, string> } }) => {
          assert.equal(err.code, 'PositionNotEqualToLength');
          assert.equal(err.status, 409);
          return true;
        },
      );
      const got = await client.get('log.txt');
      assert.equal(got.content.toString(), 'abcde');
      assert.equal((got.res.headers as Record<string, string>)['x-oss-next-append-position'], '5');
      assert.equal((got.res.headers as Record<string, string>)['x-oss-object-type'], 'Appendable');
      assert.equal(
        (got.res.headers as Record<string, string>)['x-oss-hash-crc64ecma'],
        crc64(Buffer.from('abcde')).toString(),
      );
      await rejectsWith(
        client.append('once.txt', Buffer.from('x'), { position: '1' }),
        'ObjectNotAppendable',
        409,
      );
    });

    if (config.addressing === 'localhost') {
      test('presigned URLs work and expire', async () => {
        await client.put('signed.txt', Buffer.from('signed body'));
        const url = config.v4
          ? await client.signatureUrlV4('GET', 60, { headers: {}, queries: {} }, 'signed.txt')
          : client.signatureUrl('signed.txt', { expires: 60 });
        const ok = await fetch(url);
        assert.equal(ok.status, 200);
        assert.equal(await ok.text(), 'signed body');
        // response-* parameters are signed and override the stored headers.
        const overridden = config.v4
          ? await client.signatureUrlV4(
              'GET',
              60,
              { headers: {}, queries: { 'response-content-type': 'text/csv' } },
              'signed.txt',
            )
          : client.signatureUrl('signed.txt', { expires: 60, response: { 'content-type': 'text/csv' } });
        const csv = await fetch(overridden);
        assert.equal(csv.status, 200);
        assert.equal(csv.headers.get('content-type'), 'text/csv');
        const tampered = await fetch(url.replace('signed.txt', 'other.txt'));
        assert.equal(tampered.status, 403);
        assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
        const stale = config.v4
          ? await client.signatureUrlV4('GET', 1, { headers: {}, queries: {} }, 'signed.txt')
          : client.signatureUrl('signed.txt', { expires: -10 });
        if (config.v4) await new Promise((r) => setTimeout(r, 2100));
        const expired = await fetch(stale);
        assert.equal(expired.status, 403);
        assert.match(await expired.text(), /<Code>AccessDenied<\/Code>/);
      });
    }

    test('wrong secret and unknown key id get the real errors', async () => {
      const badSecret = clientFor(server.port, config, bucket, { accessKeySecret: 'not-the-secret' });
      await rejectsWith(badSecret.get('acl.txt'), 'SignatureDoesNotMatch', 403);
      await rejectsWith(badSecret.head('acl.txt'), 'SignatureDoesNotMatch', 403);
      const badId = clientFor(server.port, config, bucket, { accessKeyId: 'nobody' });
      await rejectsWith(badId.put('x.txt', Buffer.from('x')), 'InvalidAccessKeyId', 403);
    });

    test('deleting a non-empty bucket is 409 BucketNotEmpty; an emptied one goes', async () => {
      const name = bucketName('gone');
      const c = clientFor(server.port, config, name);
      await c.putBucket(name);
      await c.put('k', Buffer.from('k'));
      await rejectsWith(c.deleteBucket(name), 'BucketNotEmpty', 409);
      await c.delete('k');
      await c.deleteBucket(name);
      await rejectsWith(c.getBucketInfo(name), 'NoSuchBucket', 404);
    });
  });
}

test('IP endpoint + sldEnable (bucket in Host and path) resolves by signature', async () => {
  const config = { name: 'ip-sld', addressing: 'ip-sld', v4: false } as const;
  const name = bucketName('sld');
  const c = clientFor(server.port, config, name);
  assert.equal((await c.putBucket(name)).bucket, name);
  await c.put(`${name}/inner.txt`, Buffer.from('bucket name as first key segment'));
  assert.equal((await c.get(`${name}/inner.txt`)).content.toString(), 'bucket name as first key segment');
  const v4 = clientFor(server.port, { ...config, v4: true }, name);
  assert.deepEqual(
    (await v4.list({ prefix: '', 'max-keys': 10 }, {})).objects.map((o) => o.name),
    [`${name}/inner.txt`],
  );
});

test('headerEncoding latin1 carries UTF-8 metadata byte for byte in both signature versions', async () => {
  for (const config of [CONFIGS[0]!, CONFIGS[3]!]) {
    const name = bucketName('latin1');
    const c = clientFor(server.port, config, name, { headerEncoding: 'latin1' });
    await c.putBucket(name);
    await c.put('中文/ü.txt', Buffer.from('x'), { meta: { name: '中文ü' } as never });
    const head = await c.head('中文/ü.txt');
    // The client hands back the header as received: UTF-8 bytes read as latin1.
    assert.equal(Buffer.from(String(head.meta.name), 'latin1').toString('utf8'), '中文ü');
    assert.deepEqual(
      (await c.list({ prefix: '中文/', 'max-keys': 10 }, {})).objects.map((o) => o.name),
      ['中文/ü.txt'],
    );
  }
});
