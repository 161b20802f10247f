import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { Digest } from '../../../local/oss/body.js';
import { MAX_LANES, offloadedMd5, type OffloadedMd5 } from '../../../local/oss/md5Offload.js';
import { bucketName, clientFor, CONFIGS, startOss } from './helpers.js';

const MiB = 1024 * 1024;
const md5 = (data: Uint8Array) => createHash('md5').update(data).digest();

/** A lane, waiting for one to come free (an aborted body frees its lane asynchronously). */
async function lane(): Promise<OffloadedMd5> {
  for (let i = 0; i < 200; i++) {
    const found = offloadedMd5();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no MD5 lane came free within 2 s');
}

async function feed(hash: OffloadedMd5, data: Buffer, chunk: number): Promise<number> {
  let waits = 0;
  for (let at = 0; at < data.length; at += chunk) {
    const full = hash.update(data.subarray(at, at + chunk));
    if (full) {
      waits++;
      await full;
    }
  }
  return waits;
}

test(
  'worker MD5 equals node:crypto over ring wrap-around, odd chunk sizes and a full ring',
  {
    skip: MAX_LANES < 1 && 'a single core: no lanes, MD5 always inline',
  },
  async () => {
    // 21 MiB + 5 through an 8 MiB ring: wraps twice, chunks straddle the wrap point.
    const data = randomBytes(21 * MiB + 5);
    for (const chunk of [65_536, 100_003, 12 * MiB]) {
      const hash = await lane();
      const waits = await feed(hash, data, chunk);
      assert.deepEqual(await hash.digest(), md5(data), `chunk ${chunk}`);
      // A 12 MiB chunk cannot fit the 8 MiB ring at once: backpressure must have happened.
      if (chunk > 8 * MiB) assert.ok(waits > 0, 'a chunk larger than the ring waited for room');
    }
    // Empty body.
    const empty = await lane();
    assert.deepEqual(await empty.digest(), md5(Buffer.alloc(0)));
  },
);

test(
  'lanes are bounded; an aborted body frees its lane and the next body hashes correctly',
  {
    skip: MAX_LANES < 1 && 'a single core: no lanes, MD5 always inline',
  },
  async () => {
    const taken: OffloadedMd5[] = [];
    for (let i = 0; i < MAX_LANES; i++) taken.push(await lane());
    assert.equal(offloadedMd5(), undefined, 'every lane busy: callers hash inline');
    // Abort one mid-body (after a full ring), finish the others.
    const data = randomBytes(10 * MiB);
    const aborted = taken.pop()!;
    const pending = aborted.update(data);
    assert.ok(pending, 'the 10 MiB update overflowed the ring');
    aborted.abort();
    await assert.rejects(pending, /aborted/);
    for (const hash of taken) {
      await feed(hash, data, MiB);
      assert.deepEqual(await hash.digest(), md5(data));
    }
    const next = await lane();
    const other = randomBytes(3 * MiB + 1);
    await feed(next, other, 65_536);
    assert.deepEqual(await next.digest(), md5(other), 'the reused lane starts from a clean state');
  },
);

test('Digest: large announced bodies hash MD5 on a worker, small ones inline, same results', async () => {
  const big = randomBytes(3 * MiB + 7);
  const small = randomBytes(1000);
  for (const [data, expectOffload] of [
    [big, MAX_LANES > 0],
    [small, false],
  ] as const) {
    const digest = new Digest(undefined, data.length);
    assert.equal(digest.md5OnWorker, expectOffload);
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from([data.subarray(0, 5), data.subarray(5)]).pipe(digest))
      chunks.push(chunk as Buffer);
    assert.deepEqual(Buffer.concat(chunks), data);
    const result = digest.result();
    assert.deepEqual(result.md5, md5(data));
    assert.equal(result.size, data.length);
  }
});

test('concurrent large PUTs (more than there are lanes) and a cut upload all end with correct ETags', async () => {
  const oss = await startOss();
  try {
    const bucket = bucketName('md5lanes');
    const client = clientFor(oss.port, CONFIGS[0]!, bucket);
    await client.putBucket(bucket);
    const bodies = Array.from({ length: 4 }, (_, i) => randomBytes(2 * MiB + i));
    // A body cut mid-way: the server sees the request abort with its lane in use.
    const cut = clientFor(oss.port, CONFIGS[0]!, bucket, { timeout: 200 });
    let cutAt = 0;
    const stalled = new Readable({
      read() {
        if (cutAt === 0) this.push(randomBytes(2 * MiB));
        cutAt++;
      },
    });
    await assert.rejects(
      cut.putStream('cut.bin', stalled, { contentLength: 4 * MiB } as never),
      /timeout/i,
      'the stalled upload was cut by the client timeout',
    );
    const results = await Promise.all(bodies.map((body, i) => client.put(`obj-${i}`, body)));
    results.forEach((r, i) => {
      const etag = (r.res.headers as Record<string, string>).etag;
      assert.equal(etag, `"${md5(bodies[i]!).toString('hex').toUpperCase()}"`);
    });
    await assert.rejects(client.head('cut.bin'), /404|NoSuchKey|Object not exists/i);
    // The lanes are free again: one more large PUT hashes correctly.
    const last = randomBytes(5 * MiB);
    const r = await client.put('last', last);
    assert.equal(
      (r.res.headers as Record<string, string>).etag,
      `"${md5(last).toString('hex').toUpperCase()}"`,
    );
  } finally {
    await oss.close();
  }
});
