/**
 * `--data-dir` storage: state survives a restart, and a kill -9 in the middle of uploads leaves
 * only complete objects visible (server in a child process, killed for real).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import OSS from 'ali-oss';
import { CREDS, startOss } from './helpers.js';
import { killChild, startChildOss, type ChildOss } from './childServer.js';

const dirs: string[] = [];
const children: ChildOss[] = [];
after(async () => {
  for (const c of children) await killChild(c);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oss-disk-'));
  dirs.push(dir);
  return dir;
}

const clientAt = (endpoint: string, bucket: string) =>
  new OSS({
    endpoint,
    accessKeyId: CREDS.accessKeyId,
    accessKeySecret: CREDS.accessKeySecret,
    bucket,
    timeout: 20_000,
  });
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

test('objects, appendable objects and open multipart uploads survive a restart', async () => {
  const dir = await tempDir();
  let server = await startOss(dir);
  const bucket = 'persisted';
  let client = clientAt(server.info.endpoint, bucket);
  await client.putBucket(bucket);
  const big = randomBytes(3 * 1024 * 1024);
  await client.put('big.bin', big, { meta: { kind: 'big' } as never });
  await client.append('log.txt', Buffer.from('one,'));
  const { uploadId } = await client.initMultipartUpload('later.bin');
  const part = await client.uploadPart('later.bin', uploadId, 1, Buffer.from('part one') as never, 0, 8);
  await server.close();

  server = await startOss(dir);
  try {
    client = clientAt(server.info.endpoint, bucket);
    const got = await client.get('big.bin');
    assert.equal(md5(got.content), md5(big));
    assert.equal((got.res.headers as Record<string, string>)['x-oss-meta-kind'], 'big');
    const appended = await client.append('log.txt', Buffer.from('two'), { position: '4' });
    assert.equal(appended.nextAppendPosition, '7');
    assert.equal((await client.get('log.txt')).content.toString(), 'one,two');
    await client.completeMultipartUpload('later.bin', uploadId, [{ number: 1, etag: part.etag }]);
    assert.equal((await client.get('later.bin')).content.toString(), 'part one');
    await client.delete('big.bin');
  } finally {
    await server.close();
  }
  // Nothing but the live objects' blobs remain.
  assert.equal((await readdir(join(dir, 'blobs'))).length, 2);
});

/** A body that sends `first` bytes, then stalls until destroyed (the server is killed meanwhile). */
function stallingBody(first: number): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(randomBytes(first));
      }
    },
  });
}

test('kill -9 during uploads leaves only complete objects visible after restart', async () => {
  const dir = await tempDir();
  const bucket = 'crash';
  const committed = new Map<string, string>();
  /** Writes racing the kill: may be there or not, but if there, whole. */
  const racing = new Map<string, string>();
  for (let round = 0; round < 2; round++) {
    const server = await startChildOss(dir);
    children.push(server);
    const client = clientAt(server.endpoint, bucket);
    if (round === 0) await client.putBucket(bucket);
    // Before the crash: objects acknowledged with 200 must survive it.
    for (let i = 0; i < 3; i++) {
      const data = randomBytes(200 * 1024 + i);
      await client.put(`done/${round}-${i}`, data);
      committed.set(`done/${round}-${i}`, md5(data));
    }
    await client.append(`app/${round}`, Buffer.from('stable'));
    committed.set(`app/${round}`, md5(Buffer.from('stable')));
    const inFlight: Array<Promise<unknown>> = [
      client.putStream(`partial/${round}-stream`, stallingBody(2 * 1024 * 1024)),
      client.putStream(`partial/${round}-sized`, stallingBody(1024 * 1024), {
        contentLength: 8 * 1024 * 1024,
      } as never),
      client.append(`app/${round}`, stallingBody(512 * 1024) as never, { position: '6' } as never),
      ...Array.from({ length: 20 }, (_, i) => {
        const key = i === 0 ? `maybe/${round}-multipart` : `maybe/${round}-${i}`;
        const data = randomBytes(i === 0 ? 3 * 1024 * 1024 : 64 * 1024);
        racing.set(key, md5(data));
        return i === 0
          ? client.multipartUpload(key, data, { partSize: 1024 * 1024, parallel: 3 })
          : client.put(key, data);
      }),
    ].map((p) => p.catch(() => undefined));
    // Kill only once streamed bodies sit in temp files: proof the kill lands mid-write.
    const deadline = Date.now() + 15_000;
    while ((await readdir(join(dir, 'oss', 'tmp'))).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.ok((await readdir(join(dir, 'oss', 'tmp'))).length > 0, 'uploads in progress at the kill');
    await killChild(server, 'SIGKILL');
    await Promise.all(inFlight);
  }
  const server = await startChildOss(dir);
  children.push(server);
  const client = clientAt(server.endpoint, bucket);
  const listed = await client.list({ 'max-keys': 1000 }, {});
  const names = listed.objects.map((o) => o.name);
  for (const [key, digest] of committed) {
    assert.ok(names.includes(key), `${key} was acknowledged before the crash`);
    assert.equal(md5((await client.get(key)).content), digest, `${key} content`);
  }
  for (const object of listed.objects) {
    assert.ok(!object.name.startsWith('partial/'), `${object.name} was never completed`);
    const got = await client.get(object.name);
    assert.equal(got.content.length, object.size, `${object.name} is whole`);
    assert.equal(
      md5(got.content),
      committed.get(object.name) ?? racing.get(object.name),
      `${object.name} has the bytes sent`,
    );
    // Normal objects' ETag is their MD5, so a torn write would show here (appendable ETags are chained).
    if (object.type === 'Normal')
      assert.equal(`"${md5(got.content).toUpperCase()}"`, object.etag, `${object.name} matches its ETag`);
  }
  await killChild(server, 'SIGTERM');
  assert.deepEqual(await readdir(join(dir, 'oss', 'tmp')), []);
});
