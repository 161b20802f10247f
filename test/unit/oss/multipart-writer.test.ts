import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  ChecksumMismatchError,
  MemoryObjectSink,
  MultipartWriter,
  Throttle,
  UploadGoneError,
  crc64,
  tailKeyOf,
  type UploadState,
} from '../../../shared/oss/index.js';
import { withFaults } from './fault-sink.js';

const PART = 100 * 1024;

async function writeAll(w: MultipartWriter, data: Buffer, chunk = 7919): Promise<void> {
  for (let i = 0; i < data.length; i += chunk) await w.write(data.subarray(i, i + chunk));
}

test('a partial smaller than one part is a single PUT, no multipart upload', async () => {
  const sink = new MemoryObjectSink();
  const w = await MultipartWriter.open(sink, 'p/small', { partSize: PART });
  const data = randomBytes(PART - 1);
  await writeAll(w, data);
  const done = await w.commit();
  assert.deepEqual(done, { key: 'p/small', size: data.length, crc64: crc64(data) });
  assert.equal(sink.calls.initMultipart, undefined);
  assert.ok((await sink.get('p/small')).equals(data));
});

test('parts upload as the buffer fills; commit completes with the exact bytes', async () => {
  const sink = new MemoryObjectSink();
  const w = await MultipartWriter.open(sink, 'p/big', { partSize: PART });
  const data = randomBytes(3 * PART + 12_345);
  await writeAll(w, data);
  assert.equal(sink.calls.uploadPart, 3, 'three full parts went out while writing');
  assert.equal(w.state().parts.length, 3);
  await w.commit();
  assert.equal(sink.calls.uploadPart, 4);
  assert.ok((await sink.get('p/big')).equals(data));
});

test('close without commit aborts the upload and leaves no object', async () => {
  const sink = new MemoryObjectSink();
  const w = await MultipartWriter.open(sink, 'p/aborted', { partSize: PART });
  await writeAll(w, randomBytes(2 * PART));
  assert.equal(sink.uploads.size, 1);
  await w.close();
  assert.equal(sink.uploads.size, 0);
  assert.equal(await sink.head('p/aborted'), undefined);
});

test('suspend + resume continues without re-uploading parts and yields identical bytes', async () => {
  const sink = new MemoryObjectSink();
  const data = randomBytes(5 * PART + 4242);
  const cut = 2 * PART + 777; // stop mid-part: the tail must survive the stop
  const first = await MultipartWriter.open(sink, 'p/resumed', { partSize: PART });
  await writeAll(first, data.subarray(0, cut));
  const saved: UploadState = JSON.parse(JSON.stringify(await first.suspend()));
  assert.equal(saved.parts.length, 2);
  assert.equal(saved.tail?.size, 777);
  assert.equal(saved.size, cut);
  const partsBefore = sink.calls.uploadPart;

  const second = await MultipartWriter.open(sink, 'p/resumed', { partSize: PART, resume: saved });
  await writeAll(second, data.subarray(cut));
  const done = await second.commit();
  assert.equal(
    (sink.calls.uploadPart ?? 0) - (partsBefore ?? 0),
    4,
    'only parts 3..6 were uploaded after resuming',
  );
  assert.equal(done.crc64, crc64(data));
  assert.ok((await sink.get('p/resumed')).equals(data));
  assert.equal(await sink.head(tailKeyOf('p/resumed')), undefined, 'the parked tail is removed');
});

test('resuming an upload that was aborted meanwhile is UploadGoneError', async () => {
  const sink = new MemoryObjectSink();
  const w = await MultipartWriter.open(sink, 'p/gone', { partSize: PART });
  await writeAll(w, randomBytes(PART + 5));
  const saved = await w.suspend();
  await sink.abortMultipart('p/gone', saved.uploadId as string);
  await assert.rejects(
    MultipartWriter.open(sink, 'p/gone', { partSize: PART, resume: saved }),
    UploadGoneError,
  );
});

test('a CRC-64 from OSS that differs from the bytes sent fails the commit', async () => {
  const inner = new MemoryObjectSink();
  const sink = withFaults(inner, { completeMultipart: () => ({ crc64: '42' }) });
  const w = await MultipartWriter.open(sink, 'p/crc', { partSize: PART });
  await writeAll(w, randomBytes(PART + 1));
  await assert.rejects(w.commit(), ChecksumMismatchError);
  assert.deepEqual(sink.injected, ['completeMultipart#1:crc']);
});

test('speed.mbps: every uploaded byte goes through the throttle before it is sent', async () => {
  let now = 0;
  const sleeps: number[] = [];
  const clock = { now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)) };
  const throttle = new Throttle(PART, clock); // one part per second, burst of one part
  const sink = new MemoryObjectSink();
  const w = await MultipartWriter.open(sink, 'p/throttled', { partSize: PART, throttle });
  await writeAll(w, randomBytes(4 * PART));
  await w.commit();
  assert.deepEqual(sleeps, [1000, 1000, 1000], 'parts 2-4 each waited a second; part 1 used the burst');
  assert.equal(now, 3000);
});
