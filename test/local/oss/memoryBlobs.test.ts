/** The in-memory blob store keeps arrived chunks (gathering small ones) and reads any range back. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { MemoryBlobStore } from '../../../local/oss/store/memoryBlobs.js';

async function drain(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** Chunks of mixed sizes: tiny trickles, some just under and over the gathering threshold, socket-sized. */
function chunked(data: Buffer): Buffer[] {
  const sizes = [1, 3, 100, 16 * 1024 - 1, 16 * 1024, 5, 65536, 7, 40_000, 65536, 2, 30_000];
  const out: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i++) {
    const n = Math.min(data.length - offset, sizes[i % sizes.length]!);
    out.push(data.subarray(offset, offset + n));
    offset += n;
  }
  return out;
}

test('put of mixed-size chunks reads back whole and in arbitrary ranges', async () => {
  const store = new MemoryBlobStore();
  const data = randomBytes(700_000);
  const { id, size } = await store.put(Readable.from(chunked(data)));
  assert.equal(size, data.length);
  assert.deepEqual(await drain(await store.read(id, 0, data.length)), data);
  for (const [start, end] of [
    [0, 1],
    [1, 2],
    [16 * 1024 - 2, 16 * 1024 + 3],
    [65_000, 200_000],
    [data.length - 1, data.length],
    [123_456, 123_456],
    [5, data.length],
  ] as const) {
    assert.deepEqual(
      await drain(await store.read(id, start, end)),
      data.subarray(start, end),
      `${start}-${end}`,
    );
  }
});

test('a trickled body is gathered into few buffers', async () => {
  const store = new MemoryBlobStore();
  const data = randomBytes(200_000);
  const trickle = Array.from({ length: data.length / 100 }, (_, i) => data.subarray(i * 100, i * 100 + 100));
  const { id } = await store.put(Readable.from(trickle));
  const parts: Buffer[] = [];
  for await (const chunk of await store.read(id, 0, data.length)) parts.push(chunk as Buffer);
  assert.ok(parts.length <= 4, `${parts.length} buffers for 2,000 chunks of 100 bytes`);
  assert.deepEqual(Buffer.concat(parts), data);
});

test('a read is a snapshot: a later append or remove does not change it; append truncates first', async () => {
  const store = new MemoryBlobStore();
  const first = randomBytes(100_000);
  const { id } = await store.put(Readable.from(chunked(first)));
  const before = await store.read(id, 0, first.length);
  const more = randomBytes(50_000);
  assert.equal(await store.append(id, 60_000, Readable.from(chunked(more))), 110_000);
  await store.remove(id);
  assert.deepEqual(await drain(before), first);
  const { id: second } = await store.put(Readable.from(chunked(first)));
  await store.append(second, 60_000, Readable.from(chunked(more)));
  assert.deepEqual(
    await drain(await store.read(second, 0, 110_000)),
    Buffer.concat([first.subarray(0, 60_000), more]),
  );
});
