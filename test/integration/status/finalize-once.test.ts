/**
 * The building blocks composed the way finalize uses them, on the local Tablestore and OSS
 * servers through the real SDKs: five concurrent finalizes of one window commit it once, advance
 * the watermark once, and leave one manifest and byte-exact final objects; a finalize of a stale
 * epoch commits nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import { AliOssSink, crc64, createOssClient, writeFinalObjects } from '../../../shared/oss/index.js';
import {
  MANIFEST_FORMAT,
  parseManifest,
  verifyManifestChain,
  writeManifest,
  type Manifest,
} from '../../../shared/export/manifest.js';
import {
  EpochMismatchError,
  assertEpoch,
  TablestoreStatusStore,
  advanceWatermark,
  claimWindow,
  commitWindow,
  createTablestoreClient,
  readShardResults,
  readWatermark,
  readWindow,
  writeShardResult,
  type StatusStore,
  type WindowRef,
} from '../../../shared/status/index.js';

let stack: LocalStack;
let store: StatusStore;
let sink: AliOssSink;

before(async () => {
  stack = await startLocalStack({ only: ['tablestore', 'oss'] });
  const ts = stack.info.tablestore!;
  store = new TablestoreStatusStore(
    createTablestoreClient({
      endpoint: ts.endpoint,
      instance: ts.instance,
      accessKeyId: ts.accessKeyId,
      accessKeySecret: ts.accessKeySecret,
    }),
    'status_finalize',
  );
  await store.ensureTable();
  const oss = stack.info.oss!;
  const client = createOssClient({
    endpoint: oss.endpoint,
    bucket: 'finalize-it',
    accessKeyId: oss.accessKeyId,
    accessKeySecret: oss.accessKeySecret,
  });
  await client.putBucket('finalize-it');
  sink = new AliOssSink(client);
});

after(async () => {
  await stack?.close();
});

const JOB = 'orders';
const manifestKey = (w: WindowRef) => `_ots2oss/${JOB}/manifests/${w.start}_${w.end}.json`;

/** What finalize does with the blocks: results of the epoch → objects → manifest → commit → watermark. */
async function finalize(w: WindowRef, epoch: number) {
  // Only the holder of the current epoch writes anything (objects, manifest) for the window.
  await assertEpoch(store, w, epoch);
  const results = await readShardResults(store, w, epoch);
  const sources = results.flatMap((r) =>
    r.partials.map((p) => ({ key: p.key, size: p.bytes, crc64: p.crc64, rows: p.rows })),
  );
  const objects = await writeFinalObjects(sink, sources, {
    mode: 'nonConflict',
    maxFileSize: 1 << 20,
    partSize: 100 * 1024,
    objectKey: (part) => `out/${w.start}_${w.end}_${String(part).padStart(6, '0')}.csv`,
  });
  const mark = await readWatermark(store, JOB, w.run);
  const rows = objects.reduce((n, o) => n + o.rows, 0);
  const bytes = objects.reduce((n, o) => n + o.size, 0);
  const sum = (f: (r: (typeof results)[number]) => number) => results.reduce((n, r) => n + f(r), 0);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    job: JOB,
    run: w.run,
    instance: 'i',
    table: 't',
    window: { start: w.start, end: w.end },
    fileFormat: 'csv',
    writeMode: 'nonConflict',
    objects: objects.map((o) => ({ key: o.key, rows: o.rows, bytes: o.size, crc64: o.crc64 })),
    dirtyObjects: [],
    counts: {
      rows: sum((r) => r.rows),
      late: sum((r) => r.late),
      dirty: sum((r) => r.dirty),
      bytes,
      shards: results.length,
    },
    checkpoints: { iterator: results.length, shardEnd: 0, trimHorizon: 0 },
    append: null,
    previous:
      mark && mark.watermark === w.start ? { key: mark.manifestKey, sha256: mark.manifestHash } : null,
  };
  const { hash } = await writeManifest(sink, manifestKey(w), manifest);
  const commit = await commitWindow(store, w, {
    epoch,
    now: w.end + 1,
    manifestKey: manifestKey(w),
    manifestHash: hash,
    rows,
    bytes,
  });
  const adv = await advanceWatermark(store, JOB, w.run, {
    from: mark?.watermark ?? null,
    to: w.end,
    manifestKey: manifestKey(w),
    manifestHash: hash,
    now: w.end + 2,
  });
  return { commit, adv };
}

async function exportWindow(w: WindowRef, owner: string): Promise<{ epoch: number; expected: Buffer }> {
  const claim = await claimWindow(store, w, { owner, now: w.end, leaseMs: 60_000, shards: ['s1', 's2'] });
  const bodies: Buffer[] = [];
  for (const shardId of ['s1', 's2']) {
    const body = Buffer.concat([Buffer.from(`${shardId},${w.end}\n`), randomBytes(50_000)]);
    const key = `_ots2oss/${JOB}/staging/${w.end}/${shardId}/part-000001.csv`;
    await sink.put(key, body);
    await writeShardResult(store, w, {
      shardId,
      epoch: claim.epoch,
      checkpoint: `iter-${shardId}-${w.end}`,
      rows: 1,
      late: 0,
      dirty: 0,
      bytes: body.length,
      partials: [{ key, rows: 1, bytes: body.length, crc64: crc64(body) }],
      updatedAt: w.end,
    });
    bodies.push(body);
  }
  return { epoch: claim.epoch, expected: Buffer.concat(bodies) };
}

test('five concurrent finalizes commit once; the watermark and manifest chain advance once per window', async () => {
  const T = 1_764_000_000_000;
  const windows = [0, 1].map((i) => ({
    job: JOB,
    run: 'live',
    start: T + i * 300_000,
    end: T + (i + 1) * 300_000,
  }));
  for (const w of windows) {
    const { epoch, expected } = await exportWindow(w, 'dispatch-1');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => finalize(w, epoch)));
    assert.equal(outcomes.filter((o) => !o.commit.alreadyCommitted).length, 1, 'one commit');
    assert.equal(outcomes.filter((o) => o.adv.advanced).length, 1, 'one watermark advance');
    assert.equal((await readWindow(store, w))?.state, 'committed');
    assert.ok(
      (await sink.get(`out/${w.start}_${w.end}_000001.csv`)).equals(expected),
      'final object is byte-exact',
    );
  }
  assert.equal((await readWatermark(store, JOB, 'live'))?.watermark, windows[1]?.end);
  const chain = await Promise.all(
    windows.map(async (w) => ({ key: manifestKey(w), bytes: await sink.get(manifestKey(w)) })),
  );
  assert.deepEqual(verifyManifestChain(chain), []);
  assert.equal(
    parseManifest(manifestKey(windows[1]!), chain[1]!.bytes).previous?.key,
    manifestKey(windows[0]!),
  );
});

test('a finalize of a stale epoch commits nothing', async () => {
  const T = 1_764_100_000_000;
  const w = { job: JOB, run: 'stale', start: T, end: T + 300_000 };
  const { epoch } = await exportWindow(w, 'first');
  // The lease expires; another dispatch re-claims (epoch + 1) before the first finalize runs.
  const again = await claimWindow(store, w, { owner: 'second', now: w.end + 120_000, leaseMs: 60_000 });
  assert.equal(again.epoch, epoch + 1);
  await assert.rejects(finalize(w, epoch), EpochMismatchError);
  assert.equal((await readWindow(store, w))?.state, 'claimed');
  assert.equal(await sink.head(manifestKey(w)), undefined, 'no manifest from the stale epoch');
  assert.deepEqual(await sink.list(`out/${w.start}_`), [], 'no final objects from the stale epoch');
  assert.equal(await readWatermark(store, JOB, 'stale'), undefined);
});
