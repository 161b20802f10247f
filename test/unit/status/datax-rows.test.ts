import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import {
  MemoryStatusStore,
  SHARD_END,
  TRIM_HORIZON,
  dataxCheckpointKey,
  dataxShardCountKey,
  clearDataxCheckpoints,
  readDataxCheckpoints,
  dataxJobDescKey,
  dataxShardTimeKey,
  decodeDataxCheckpoint,
  decodeDataxJobDesc,
  encodeDataxCheckpoint,
  encodeDataxJobDesc,
  encodeDataxShardIds,
  findDataxShardTime,
  formatJavaTime,
  gsonStringArray,
  javaHashSetOrder,
  javaStringHash,
  readCompleteDataxCheckpoints,
  writeDataxCheckpoint,
  writeDataxJobDesc,
  writeDataxShardTime,
  StatusRowCorruptError,
} from '../../../shared/status/index.js';
import { DECODE_CASES, ENCODE_CASES, MANY_SHARDS, SHARDS, goldenEncode, loadGolden } from './datax-golden.js';
import { jdkOnPath, runDataxJava } from './java-tool.js';

test('time keys are String.format("%16d"): space padded to 16 characters', () => {
  assert.equal(formatJavaTime(1444357620415), '   1444357620415');
  assert.equal(formatJavaTime(0), '               0');
  assert.equal(dataxCheckpointKey('sid', 1444357620415, 'shard1').value, '   1444357620415\tshard1');
  assert.equal(dataxShardTimeKey('sid', 'shard1', 1444357620415).value, 'shard1\t   1444357620415');
  assert.equal(dataxJobDescKey('sid', 5).type, 'DataxJobDesc');
});

test('String.hashCode and Gson escaping follow Java', () => {
  assert.equal(javaStringHash('hello'), 99162322);
  assert.equal(javaStringHash('polygenelubricants'), -2147483648);
  assert.equal(
    gsonStringArray(['a<b', "it's", 'x=y&z', 'q"\\', '\n']),
    '["a\\u003cb","it\\u0027s","x\\u003dy\\u0026z","q\\"\\\\","\\n"]',
  );
});

test('the golden fixture holds exactly the recorded cases (re-record after changing them)', () => {
  const golden = loadGolden();
  assert.match(golden.jdk, /\d/, 'the JDK that recorded it is named');
  assert.deepEqual(
    golden.encode.map(({ endMs, shardIds }) => ({ endMs, shardIds })),
    ENCODE_CASES,
  );
  assert.deepEqual(
    golden.decode.map(({ shardIds }) => ({ shardIds })),
    DECODE_CASES,
  );
});

test('job rows equal what Java produced: HashSet order, key format, Deflater bytes (golden)', () => {
  for (const g of loadGolden().encode) {
    const what = `${g.endMs} / ${g.shardIds.length} shards`;
    assert.equal(gsonStringArray(javaHashSetOrder(g.shardIds)), g.json, `${what}: JSON in HashSet order`);
    assert.equal(formatJavaTime(g.endMs), g.time, `${what}: %16d`);
    assert.equal(dataxCheckpointKey('s', g.endMs, g.shardIds[0] as string).value, g.key, `${what}: key`);
    const attrs = encodeDataxJobDesc({
      tableName: 't',
      streamId: 's',
      version: 'v',
      shardIds: g.shardIds,
      startTime: 1,
      endTime: g.endMs,
    });
    assert.equal(attrs.ShardIds_1, undefined, `${what}: one column`);
    assert.equal(
      (attrs.ShardIds_0 as Buffer).toString('hex'),
      g.deflateHex,
      `${what}: ShardIds_0 byte-identical`,
    );
  }
  // The order check is not vacuous: Java's HashSet order differs from the input order.
  const many = goldenEncode(0, MANY_SHARDS);
  assert.notDeepEqual(JSON.parse(many.json), MANY_SHARDS, 'HashSet order is not insertion order');
});

test("Java's Inflater read our ShardIds_0 bytes as the shard list (golden), and we still write those bytes", () => {
  for (const g of loadGolden().decode) {
    const what = `${g.shardIds.length} shards`;
    // Java's verdict was given on g.ourHex; it holds for today's encoder only if the bytes are the same.
    const now = Buffer.concat(encodeDataxShardIds(g.shardIds)).toString('hex');
    assert.equal(now, g.ourHex, `${what}: our encoder still writes the bytes Java read`);
    assert.equal(
      g.javaInflated,
      gsonStringArray(javaHashSetOrder(g.shardIds)),
      `${what}: Java read our JSON`,
    );
    assert.deepEqual(new Set(JSON.parse(g.javaInflated)), new Set(g.shardIds));
  }
});

test(
  'live cross-check: the JDK still produces the golden fixture, and reads our current bytes',
  { skip: jdkOnPath() ? false : 'no JDK on PATH; golden fixtures checked instead' },
  async () => {
    const golden = loadGolden();
    for (const g of golden.encode) {
      const out = JSON.parse(await runDataxJava('encode', String(g.endMs), ...g.shardIds)) as Record<
        string,
        string
      >;
      assert.deepEqual(out, { json: g.json, time: g.time, key: g.key, deflateHex: g.deflateHex });
    }
    for (const g of golden.decode) {
      const ours = Buffer.concat(encodeDataxShardIds(g.shardIds)).toString('hex');
      assert.equal(await runDataxJava('decode', ours), g.javaInflated);
    }
  },
);

test('a job desc written as DataX does decodes, and ours decodes as DataX would', () => {
  const javaHex = goldenEncode(1000, SHARDS).deflateHex;
  const datax = {
    ShardIds_0: Buffer.from(javaHex, 'hex'),
    Version: '1000-uuid',
    TableName: 'orders',
    JobStreamId: 'sid_1',
    StartTime: 700,
    EndTime: 1000,
  };
  const job = decodeDataxJobDesc(datax);
  assert.deepEqual(new Set(job.shardIds), new Set(SHARDS));
  assert.equal(job.endTime, 1000);
  const ours = encodeDataxJobDesc(job);
  assert.deepEqual(Object.keys(ours), [
    'ShardIds_0',
    'Version',
    'TableName',
    'JobStreamId',
    'StartTime',
    'EndTime',
  ]);
  assert.deepEqual(JSON.parse(inflateSync(ours.ShardIds_0 as Buffer).toString()), javaHashSetOrder(SHARDS));
  assert.equal(typeof ours.StartTime, 'number');
});

test('a shard list over 64 KiB compressed is split into ShardIds_0..k and joined back', () => {
  const many = Array.from({ length: 9000 }, (_, i) => `${(i * 2654435761) % 1e9}-${i.toString(36)}-shard`);
  const attrs = encodeDataxJobDesc({
    tableName: 't',
    streamId: 's',
    version: 'v',
    shardIds: many,
    startTime: 0,
    endTime: 1,
  });
  assert.ok(attrs.ShardIds_1, 'needs a second column');
  assert.equal((attrs.ShardIds_0 as Buffer).length, 64 * 1024);
  assert.deepEqual(new Set(decodeDataxJobDesc(attrs).shardIds), new Set(many));
});

test('checkpoint columns: Version, Checkpoint, SkipCount, SendRecordCount only when > 0', () => {
  assert.deepEqual(
    encodeDataxCheckpoint({ shardId: 's', version: 'v', checkpoint: SHARD_END, skipCount: 0 }),
    {
      Version: 'v',
      Checkpoint: 'SHARD_END',
      SkipCount: 0,
    },
  );
  const withCount = encodeDataxCheckpoint({
    shardId: 's',
    version: 'v',
    checkpoint: 'it',
    skipCount: 0,
    sendRecordCount: 4,
  });
  assert.equal(withCount.SendRecordCount, 4);
  // Old readers wrote neither Version nor SkipCount.
  assert.deepEqual(decodeDataxCheckpoint('s', { Checkpoint: TRIM_HORIZON }), {
    shardId: 's',
    version: '',
    checkpoint: 'TRIM_HORIZON',
    skipCount: 0,
  });
  assert.throws(() => decodeDataxCheckpoint('s', { Checkpoint: 5 }), StatusRowCorruptError);
});

test('a DataX window is complete only with a job desc and every shard at its version', async () => {
  const store = new MemoryStatusStore();
  const job = {
    tableName: 't',
    streamId: 'sid',
    version: '9-u',
    shardIds: ['a', 'b'],
    startTime: 0,
    endTime: 1000,
  };
  await writeDataxJobDesc(store, job);
  await writeDataxCheckpoint(store, 'sid', 1000, {
    shardId: 'a',
    version: '9-u',
    checkpoint: 'it-a',
    skipCount: 0,
  });
  assert.equal(await readCompleteDataxCheckpoints(store, 'sid', 1000), undefined, 'shard b missing');
  await writeDataxCheckpoint(store, 'sid', 1000, {
    shardId: 'b',
    version: 'other',
    checkpoint: SHARD_END,
    skipCount: 0,
  });
  assert.equal(await readCompleteDataxCheckpoints(store, 'sid', 1000), undefined, 'version mismatch');
  await writeDataxCheckpoint(store, 'sid', 1000, {
    shardId: 'b',
    version: '9-u',
    checkpoint: SHARD_END,
    skipCount: 0,
  });
  // A checkpoint at another time must not leak into this window.
  await writeDataxCheckpoint(store, 'sid', 10000, {
    shardId: 'c',
    version: '9-u',
    checkpoint: 'x',
    skipCount: 0,
  });
  const complete = await readCompleteDataxCheckpoints(store, 'sid', 1000);
  assert.deepEqual([...(complete?.keys() ?? [])].sort(), ['a', 'b']);
});

test('the nearest ShardTime checkpoint is the newest in (from, to]', async () => {
  const store = new MemoryStatusStore();
  for (const t of [100, 200, 300, 400]) await writeDataxShardTime(store, 'sid', 's1', t, `it-${t}`);
  await writeDataxShardTime(store, 'sid', 's10', 350, 'other-shard');
  assert.deepEqual(await findDataxShardTime(store, 'sid', 's1', 100, 350), {
    timeMs: 300,
    checkpoint: 'it-300',
  });
  assert.deepEqual(await findDataxShardTime(store, 'sid', 's1', 100, 400), {
    timeMs: 400,
    checkpoint: 'it-400',
  });
  assert.equal(await findDataxShardTime(store, 'sid', 's1', 400, 1000), undefined);
});

test('legacy windows (ShardCount row, no job desc) and clearing checkpoints before a re-run', async () => {
  const store = new MemoryStatusStore();
  await writeDataxCheckpoint(store, 'sid', 2000, {
    shardId: 'a',
    version: '',
    checkpoint: 'it',
    skipCount: 0,
  });
  assert.equal(await readCompleteDataxCheckpoints(store, 'sid', 2000), undefined, 'no desc, no ShardCount');
  await store.put(dataxShardCountKey('sid', 2000), { ShardCount: 1 });
  assert.deepEqual([...((await readCompleteDataxCheckpoints(store, 'sid', 2000))?.keys() ?? [])], ['a']);
  await store.put(dataxShardCountKey('sid', 2000), { ShardCount: 2 });
  assert.equal(await readCompleteDataxCheckpoints(store, 'sid', 2000), undefined, 'count mismatch');
  await writeDataxCheckpoint(store, 'sid', 3000, {
    shardId: 'b',
    version: '',
    checkpoint: 'x',
    skipCount: 0,
  });
  await clearDataxCheckpoints(store, 'sid', 2000);
  assert.equal((await readDataxCheckpoints(store, 'sid', 2000)).size, 0);
  assert.equal((await readDataxCheckpoints(store, 'sid', 3000)).size, 1, 'other windows are untouched');
  assert.ok(await store.get(dataxShardCountKey('sid', 2000)), 'the legacy count row is not a checkpoint row');
});
