/**
 * The OSS building blocks on the local OSS server through the real `ali-oss` client: resumable
 * multipart partials, merge by concatenation and by UploadPartCopy, create-only writes, append
 * exactly once, the manifest chain. Bytes are read back and CRC-64s compared with what OSS reports.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { LocalStack } from '../../../local/stack.js';
import {
  AliOssSink,
  AppendConflictError,
  MultipartWriter,
  ManifestConflictError,
  ObjectConflictError,
  ObjectExistsError,
  UploadGoneError,
  appendExactlyOnce,
  appendStart,
  crc64,
  mergePartials,
  writeFinalObjects,
  writeManifestObject,
  type MergeSource,
  type UploadState,
} from '../../../shared/oss/index.js';
import { stageObjects, startOssSink } from './helpers.js';
import {
  MANIFEST_FORMAT,
  manifestBytes,
  parseManifest,
  verifyManifestChain,
  type Manifest,
} from '../../../shared/export/manifest.js';
import { withFaults } from '../../unit/oss/fault-sink.js';

const BUCKET = 'ots2oss-it';
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

test('a multipart partial stopped mid-part resumes in a later call without re-uploading parts', async () => {
  const key = 'staging/w1/shard-1/part-00000.csv';
  const data = randomBytes(4 * PART + 999);
  const cut = 2 * PART + 12_345;
  const counted = withFaults(sink);
  const first = await MultipartWriter.open(counted, key, { partSize: PART });
  await first.write(data.subarray(0, cut));
  const saved = JSON.parse(JSON.stringify(await first.suspend())) as UploadState; // as stored in Tablestore
  assert.equal(counted.counts.uploadPart, 2);

  const second = await MultipartWriter.open(counted, key, { partSize: PART, resume: saved });
  await second.write(data.subarray(cut));
  const done = await second.commit();
  assert.equal(counted.counts.uploadPart, 5, 'parts 1-2 were not sent again (2 before + 3 after)');
  assert.equal(counted.counts.listParts, 1, 'the saved parts were checked against OSS');
  const head = await sink.head(key);
  assert.equal(head?.size, data.length);
  assert.equal(head?.crc64, crc64(data), "OSS's x-oss-hash-crc64ecma equals ours");
  assert.equal(done.crc64, crc64(data));
  assert.ok((await sink.get(key)).equals(data));
  assert.equal(await sink.head(`${key}.resume-tail`), undefined);
});

test('close without commit aborts the upload on OSS', async () => {
  const key = 'staging/w1/shard-2/part-00000.csv';
  const w = await MultipartWriter.open(sink, key, { partSize: PART });
  await w.write(randomBytes(PART + 1));
  const uploadId = w.state().uploadId as string;
  await w.close();
  await assert.rejects(sink.listParts(key, uploadId), UploadGoneError);
  assert.equal(await sink.head(key), undefined);
});

test('merge: small partials concatenated, large ones joined with UploadPartCopy; bytes and CRC exact', async () => {
  const header = Buffer.from('pk,column,timestamp,value,op\n');
  const bodies = [
    randomBytes(20_000),
    randomBytes(300_000),
    randomBytes(5),
    randomBytes(260_000),
    randomBytes(70_000),
  ];
  const sources = await stage(
    'staging/w2/',
    bodies.map((b) => Buffer.concat([header, b])),
    header.length,
  );
  const counted = withFaults(sink);
  const merged = await mergePartials(counted, sources, {
    maxFileSize: 1 << 30,
    partSize: 128 * 1024,
    copyThreshold: 200_000,
    objectKey: (i) => `out/w2/part-${i - 1}.csv`,
  });
  const expected = Buffer.concat([header, ...bodies]);
  assert.ok((counted.counts.uploadPartCopy ?? 0) >= 2, 'server-side copies were used');
  assert.ok((counted.counts.uploadPart ?? 0) >= 1, 'client-side concatenated parts were used');
  assert.ok((await sink.get('out/w2/part-0.csv')).equals(expected));
  assert.equal(merged[0]?.crc64, crc64(expected));
  assert.equal((await sink.head('out/w2/part-0.csv'))?.crc64, crc64(expected));
});

test('merge by concatenation only, split at maxFileSize', async () => {
  const bodies = Array.from({ length: 5 }, () => randomBytes(3000));
  const sources = await stage('staging/w3/', bodies);
  const merged = await mergePartials(sink, sources, {
    maxFileSize: 7000,
    partSize: PART,
    objectKey: (i) => `out/w3/part-${i - 1}`,
  });
  assert.deepEqual(
    merged.map((m) => m.size),
    [6000, 6000, 3000],
  );
  assert.ok((await sink.get('out/w3/part-1')).equals(Buffer.concat(bodies.slice(2, 4))));
});

test('nonConflict: identical re-run succeeds, different content is refused, create-only holds on OSS', async () => {
  const sources = await stage('staging/w4/', [randomBytes(1000), randomBytes(2000)]);
  const opts = {
    mode: 'nonConflict' as const,
    maxFileSize: 1 << 20,
    partSize: PART,
    objectKey: (i: number) => `out/w4/part-${i - 1}`,
  };
  assert.deepEqual(
    (await writeFinalObjects(sink, sources, opts)).map((o) => o.existed),
    [false],
  );
  assert.deepEqual(
    (await writeFinalObjects(sink, sources, opts)).map((o) => o.existed),
    [true],
  );
  await assert.rejects(
    sink.put('out/w4/part-0', Buffer.from('x'), { forbidOverwrite: true }),
    ObjectExistsError,
  );
  const other = await stage('staging/w4b/', [randomBytes(3000)]);
  await assert.rejects(writeFinalObjects(sink, other, opts), ObjectConflictError);
});

test('append: a crash after the first append, then retries, leave the window in the object exactly once', async () => {
  const key = 'out/daily/2026-11-25.csv';
  await sink.append(key, 0, Buffer.from('window 0\n'));
  const before = await appendStart(sink, key);
  const bodies = [randomBytes(5000), randomBytes(6000)];
  const sources = await stage('staging/w5/', bodies);
  const crashing = withFaults(sink, { append: (_a, n) => (n === 2 ? new Error('killed') : undefined) });
  const opts = { position: before.position, crc64Before: before.crc64, chunkSize: 4096 };
  await assert.rejects(appendExactlyOnce(crashing, key, sources, opts), /killed/);
  assert.deepEqual(crashing.injected, ['append#2']);
  const retry = await appendExactlyOnce(sink, key, sources, opts);
  assert.equal(retry.alreadyPresent, 4096);
  const again = await appendExactlyOnce(sink, key, sources, opts);
  assert.equal(again.appended, 0);
  const expected = Buffer.concat([Buffer.from('window 0\n'), ...bodies]);
  assert.ok((await sink.get(key)).equals(expected));
  assert.equal((await sink.head(key))?.crc64, crc64(expected));
  await assert.rejects(appendExactlyOnce(sink, key, sources, { position: 0 }), AppendConflictError);
});

test('manifest chain: create-only per window, identical rewrite is a no-op, chain verifies', async () => {
  const W = 1_764_000_000_000;
  const manifest = (i: number, previous: Manifest['previous']): Manifest => {
    const objects = i === 1 ? [] : [{ key: `out/${i}.csv`, rows: 3, bytes: 30, crc64: '17' }];
    return {
      format: MANIFEST_FORMAT,
      job: 'orders',
      run: 'live',
      instance: 'i',
      table: 't',
      window: { start: W + i * 300_000, end: W + (i + 1) * 300_000 },
      fileFormat: 'csv',
      writeMode: 'nonConflict',
      objects,
      dirtyObjects: [],
      counts: { rows: i === 1 ? 0 : 3, late: 0, dirty: 0, bytes: objects.length * 30, shards: 1 },
      checkpoints: { iterator: i === 2 ? 0 : 1, shardEnd: i === 2 ? 1 : 0, trimHorizon: 0 },
      append: null,
      previous,
    };
  };
  const keys: string[] = [];
  let previous: Manifest['previous'] = null;
  for (let i = 0; i < 3; i++) {
    const key = `_ots2oss/manifests/${W + i * 300_000}.json`;
    const body = manifestBytes(manifest(i, previous));
    const written = await writeManifestObject(sink, key, body);
    assert.equal(written.existed, false);
    assert.equal((await writeManifestObject(sink, key, body)).existed, true);
    previous = { key, sha256: written.sha256 };
    keys.push(key);
  }
  const read = await Promise.all(keys.map(async (key) => ({ key, bytes: await sink.get(key) })));
  assert.deepEqual(verifyManifestChain(read), []);
  assert.equal(
    parseManifest(keys[1] as string, read[1]!.bytes).counts.rows,
    0,
    'the empty window has its manifest',
  );
  assert.deepEqual(
    verifyManifestChain([read[0]!, read[2]!])
      .map((p) => p.kind)
      .sort(),
    ['broken-link', 'gap'],
  );
  const tampered = manifestBytes({
    ...manifest(0, null),
    objects: [],
    counts: { ...manifest(0, null).counts, rows: 0 },
  });
  await assert.rejects(writeManifestObject(sink, keys[0] as string, tampered), ManifestConflictError);
});
