import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DirtyLimitError,
  dispatchWindow,
  exportShardGroup,
  exportWindows,
  finalizeWindow,
  namingJob,
  type DispatchResult,
  type ExportContext,
} from '../../../shared/export/index.js';
import { ObjectConflictError } from '../../../shared/oss/errors.js';
import { Throttle } from '../../../shared/oss/token-bucket.js';
import {
  EpochMismatchError,
  claimWindow,
  loadProgress,
  readWatermark,
  readWindow,
  watermarkKey,
} from '../../../shared/status/index.js';
import { StreamDataLostError } from '../../../shared/reader/index.js';
import { manifestObjectName } from '../../../shared/naming/index.js';
import { FakeStream, record } from '../reader/fake-stream.js';
import { MIN, T0, config, finals, memoryContext } from './memory-context.js';

const W = { startMillis: T0, endMillis: T0 + MIN };

function twoShards(perShard = 9): FakeStream {
  const s = new FakeStream();
  for (const id of ['s1', 's2']) {
    s.add({
      shardId: id,
      records: Array.from({ length: perShard }, (_, i) => record(T0 + 1000 * (i + 1), i, `${id}-${i}`)),
    });
  }
  return s;
}

/** Exports the window at T0 (only that one), as a run two minutes later would. */
function exportFirst(ctx: ExportContext) {
  return exportWindows({ config: ctx.config, context: ctx, now: T0 + 2 * MIN, from: T0, windows: 1 });
}

function claimed(d: DispatchResult): Extract<DispatchResult, { state: 'claimed' }> {
  assert.equal(d.state, 'claimed');
  return d as Extract<DispatchResult, { state: 'claimed' }>;
}

describe('export engine over interface fakes', () => {
  it('a time-budgeted shard export saves progress and resumes without re-reading, to the same bytes', async () => {
    const reference = memoryContext(config(), twoShards());
    await exportFirst(reference);

    const ctx = memoryContext(config(), twoShards());
    const d = claimed(await dispatchWindow(ctx, W, { now: T0 + 2 * MIN, owner: 'o' }));
    let tick = 0;
    const clock = () => tick++;
    let calls = 0;
    const resumedAt = new Set<string>();
    let result;
    do {
      calls++;
      // Deadline reached after every batch: each call writes one batch per shard, then suspends.
      result = await exportShardGroup(ctx, {
        window: W,
        epoch: d.epoch,
        shardIds: d.shards,
        deadline: tick + 1,
        clock,
      });
      if (!result.done) {
        const ref = { job: 'unit', run: 'live', start: W.startMillis, end: W.endMillis };
        const suspended = result.shards.filter((s) => s.state === 'suspended');
        assert.ok(suspended.length > 0);
        for (const s of suspended) {
          const progress = await loadProgress(ctx.status, ref, s.shardId);
          assert.equal(progress?.shardId, s.shardId);
          resumedAt.add(progress!.iterator);
        }
      }
    } while (!result.done && calls < 50);
    assert.ok(calls >= 4, `resumed ${calls} times`);
    // Batch reads (limit = batchLimit; boundary re-reads use a smaller limit). A resume position
    // may have been read once more than its batch was written: a prefetch dropped at the stop.
    const reads = ctx.streams.calls
      .filter((c) => c.op === 'GetStreamRecord' && c.limit === 2)
      .map((c) => c.iterator!);
    assert.ok(reads.length >= 10);
    for (const it of new Set(reads)) {
      const n = reads.filter((r) => r === it).length;
      assert.ok(n === 1 || (n === 2 && resumedAt.has(it)), `${it} read ${n} times`);
    }
    assert.equal(
      (await finalizeWindow(ctx, { window: W, epoch: d.epoch, now: T0 + 2 * MIN })).state,
      'committed',
    );
    assert.deepEqual(finals(ctx), finals(reference));
    assert.equal(
      [...finals(ctx).values()][0]!.split('\n').length,
      1 + 2 * 18 + 1,
      'header, a DR and a U row per record, final newline',
    );
  });

  it('finalize is idempotent: invoked five times at once it commits once and rewrites nothing', async () => {
    const ctx = memoryContext(config(), twoShards(3));
    const d = claimed(await dispatchWindow(ctx, W, { now: T0 + 2 * MIN, owner: 'o' }));
    await exportShardGroup(ctx, { window: W, epoch: d.epoch, shardIds: d.shards });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => finalizeWindow(ctx, { window: W, epoch: d.epoch, now: T0 + 2 * MIN })),
    );
    const states = results.map((r) => (r.status === 'fulfilled' ? r.value.state : (r.reason as Error).name));
    assert.equal(states.filter((s) => s === 'committed').length, 1, states.join());
    const puts = ctx.sink.calls.put ?? 0;
    assert.equal(
      (await finalizeWindow(ctx, { window: W, epoch: d.epoch, now: T0 + 3 * MIN })).state,
      'alreadyCommitted',
    );
    assert.equal(ctx.sink.calls.put ?? 0, puts);
    assert.equal(
      (await readWindow(ctx.status, { job: 'unit', run: 'live', start: W.startMillis, end: W.endMillis }))
        ?.state,
      'committed',
    );
  });

  it('a stale epoch writes no shard result after the window was re-claimed', async () => {
    const ctx = memoryContext(config(), twoShards(3));
    const d = claimed(await dispatchWindow(ctx, W, { now: T0 + 2 * MIN, owner: 'a' }));
    await claimWindow(
      ctx.status,
      { job: 'unit', run: 'live', start: W.startMillis, end: W.endMillis },
      { owner: 'b', now: T0 + 100 * MIN, leaseMs: MIN },
    );
    await assert.rejects(
      exportShardGroup(ctx, { window: W, epoch: d.epoch, shardIds: d.shards }),
      EpochMismatchError,
    );
    await assert.rejects(
      finalizeWindow(ctx, { window: W, epoch: d.epoch, now: T0 + 2 * MIN }),
      EpochMismatchError,
    );
  });

  it('dirty records over errorLimit fail the window; under it they go to _dirty/ and are counted', async () => {
    const stream = () => {
      const s = new FakeStream();
      const r = record(T0 + 1000, 0, 'k1');
      r.cells.push({ name: 'w', op: 'PUT', value: 'has|pipe', timestamp: 5 });
      s.add({ shardId: 's1', records: [r, record(T0 + 2000, 1, 'k2')] });
      return s;
    };
    const strict = memoryContext(config({ fileFormat: 'text', fieldDelimiter: '|' }), stream());
    const failed = await exportFirst(strict);
    assert.ok(failed.error instanceof DirtyLimitError, failed.error?.message);
    assert.equal(
      (await readWindow(strict.status, { job: 'unit', run: 'live', start: W.startMillis, end: W.endMillis }))
        ?.state,
      'failed',
    );
    assert.equal(finals(strict).size, 0, 'nothing committed');

    const lenient = memoryContext(
      config({ fileFormat: 'text', fieldDelimiter: '|' }, { errorLimit: { record: 1 } }),
      stream(),
    );
    const ok = await exportFirst(lenient);
    assert.equal(ok.error, undefined);
    assert.equal(ok.windows[0]!.dirty, 1);
    const dirty = [...finals(lenient)].filter(([k]) => k.includes('/_dirty/'));
    assert.equal(dirty.length, 1);
    assert.match(dirty[0]![1], /"reason":"contains the field delimiter/);
  });

  it('nonConflict never overwrites different content, and accepts identical content', async () => {
    const ctx = memoryContext(config({ writeMode: 'nonConflict' }), twoShards(2));
    const first = await exportFirst(ctx);
    const key = first.windows[0]!.objects[0]!;
    const again = memoryContext(ctx.config, twoShards(2));
    again.sink.objects.set(key, { ...ctx.sink.objects.get(key)! });
    assert.equal((await exportFirst(again)).error, undefined);
    const other = memoryContext(ctx.config, twoShards(2));
    await other.sink.put(key, Buffer.from('someone else'));
    const res = await exportFirst(other);
    assert.ok(res.error instanceof ObjectConflictError, res.error?.message);
    assert.equal((await other.sink.get(key)).toString(), 'someone else');
  });

  it('re-running a committed window is a no-op', async () => {
    const ctx = memoryContext(config(), twoShards(3));
    await exportFirst(ctx);
    const before = new Map([...ctx.sink.objects].map(([k, v]) => [k, Buffer.from(v.body)]));
    const { exportWindow } = await import('../../../shared/export/index.js');
    const summary = await exportWindow(ctx, W, { now: T0 + 5 * MIN, owner: 'other' });
    assert.equal(summary.state, 'noop');
    assert.deepEqual(new Map([...ctx.sink.objects].map(([k, v]) => [k, v.body])), before);
  });

  it('append mode appends each window once to one object, the header only at its start', async () => {
    const s = new FakeStream();
    s.add({
      shardId: 's1',
      records: [record(T0 + 1000, 0, 'a'), record(T0 + MIN + 1000, 1, 'b'), record(T0 + 2 * MIN + 5, 2, 'c')],
    });
    const ctx = memoryContext(config({ writeMode: 'append', object: 'out/all' }), s);
    const res = await exportWindows({ config: ctx.config, context: ctx, now: T0 + 2 * MIN, from: T0 });
    assert.equal(res.error, undefined, res.error?.message);
    assert.equal(res.windows.length, 2);
    const body = (await ctx.sink.get('out/all.csv')).toString();
    assert.deepEqual(
      body
        .split('\n')
        .filter((l) => l.startsWith('pk') || l.startsWith('a') || l.startsWith('b'))
        .map((l) => l.split(',')[0]),
      ['pk', 'a', 'a', 'b', 'b'],
    );
    // A repeated finalize of a committed window appends nothing.
    await finalizeWindow(ctx, { window: W, epoch: 1, now: T0 + 3 * MIN });
    assert.equal((await ctx.sink.get('out/all.csv')).toString(), body);
  });

  it('speed.mbps throttles every upload through one byte budget', async () => {
    const waits: number[] = [];
    let t = 0;
    const clock = { now: () => t, sleep: async (ms: number) => void (waits.push(ms), (t += ms)) };
    const ctx = { ...memoryContext(config(), twoShards(9)), throttle: new Throttle(100, clock) };
    const res = await exportFirst(ctx);
    assert.equal(res.error, undefined);
    const uploaded = res.windows[0]!.bytes;
    assert.ok(uploaded > 200);
    // 100 B/s with a 100 B burst: the partials and the merged object (the same rows, plus a
    // header) both went through the budget.
    assert.ok(t >= (2 * uploaded - 200) * 10, `waited ${t} ms for ${uploaded} B merged`);
    assert.ok(waits.length > 2);
  });

  it('a duplicate delivery whose upload lands last cannot replace a part another delivery recorded', async () => {
    const reference = memoryContext(config(), twoShards());
    await exportFirst(reference);
    const ctx = memoryContext(config(), twoShards());
    const d = claimed(await dispatchWindow(ctx, W, { now: T0 + 2 * MIN, owner: 'o' }));
    let tick = 0;
    const slice = (every: number) => ({
      window: W,
      epoch: d.epoch,
      shardIds: d.shards,
      deadline: tick + every,
      clock: () => tick++,
    });
    assert.equal((await exportShardGroup(ctx, slice(1))).done, false); // both shards suspended after part 1
    // The first upload of a second part is held until another second part was written: the
    // earlier delivery's bytes land last, as they may when two deliveries race.
    const put = ctx.sink.put.bind(ctx.sink);
    const held = new Map<string, () => void>();
    ctx.sink.put = async (key, body, options) => {
      const shard = /\/(s\d)\.e\d+[^/]*\/part-000002\.csv$/.exec(key)?.[1];
      if (shard === undefined) return put(key, body, options);
      if (!held.has(shard)) {
        await new Promise<void>((resolve) => held.set(shard, resolve));
        return put(key, body, options);
      }
      const done = await put(key, body, options);
      held.get(shard)!();
      return done;
    };
    const short = exportShardGroup(ctx, slice(1)); // one more batch, then suspends again
    const full = exportShardGroup(ctx, { window: W, epoch: d.epoch, shardIds: d.shards }); // to the end
    await Promise.all([short, full]);
    assert.equal(held.size, 2, 'the race happened on both shards');
    assert.equal(
      (await finalizeWindow(ctx, { window: W, epoch: d.epoch, now: T0 + 2 * MIN })).state,
      'committed',
    );
    assert.deepEqual(finals(ctx), finals(reference));
  });

  it('a crash between the commit and the watermark advance heals on the next run', async () => {
    const s = new FakeStream();
    s.add({ shardId: 's1', records: [0, 1, 2].map((i) => record(T0 + i * MIN + 1000, i, `k${i}`)) });
    const ctx = memoryContext(config(), s);
    await exportWindows({ config: ctx.config, context: ctx, now: T0 + MIN, from: T0 });
    const afterFirst = (await ctx.status.get(watermarkKey('unit', 'live')))!;
    await exportWindows({ config: ctx.config, context: ctx, now: T0 + 2 * MIN });
    // The state a crash right after the second window's commit leaves: watermark still at the first.
    await ctx.status.put(watermarkKey('unit', 'live'), afterFirst);
    // …and a partial of the first window that its cleanup never got to.
    await ctx.sink.put(
      `_ots2oss/unit/staging/${T0 + MIN}/s1.e1.0000/part-000001.csv`,
      Buffer.from('left over'),
    );
    const res = await exportWindows({ config: ctx.config, context: ctx, now: T0 + 3 * MIN });
    assert.equal(res.error, undefined, res.error?.message);
    assert.deepEqual(
      res.windows.map((w) => w.state),
      ['noop', 'committed'],
    );
    assert.equal((await readWatermark(ctx.status, 'unit', 'live'))?.watermark, T0 + 3 * MIN);
    assert.deepEqual(
      [...ctx.sink.objects.keys()].filter((k) => k.includes('/staging/')),
      [],
    );
  });

  it('a shard listed at dispatch that vanished since is read, and its trimmed data fails the window', async () => {
    const ctx = memoryContext(config(), twoShards(3));
    const d = claimed(await dispatchWindow(ctx, W, { now: T0 + 2 * MIN, owner: 'o' }));
    ctx.streams.shards.delete('s2');
    await assert.rejects(
      exportShardGroup(ctx, { window: W, epoch: d.epoch, shardIds: d.shards }),
      StreamDataLostError,
    );
  });

  it('a manifest left by a finalize that never committed is replaced by the current epoch', async () => {
    const ctx = memoryContext(config(), twoShards(2));
    const key = manifestObjectName(namingJob(ctx), W);
    await ctx.sink.put(key, Buffer.from('{"written by": "an epoch that lost its lease"}\n'), {
      forbidOverwrite: true,
    });
    const res = await exportFirst(ctx);
    assert.equal(res.error, undefined, res.error?.message);
    const manifest = JSON.parse((await ctx.sink.get(key)).toString());
    assert.equal(manifest.job, 'unit');
    assert.equal(manifest.counts.rows, 8);
  });
});
