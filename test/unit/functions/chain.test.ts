/**
 * The functions' logic over interface fakes (in-memory stream, status store and sink; an invoker
 * that queues events for the test to deliver): the time budget with self re-invocation, the
 * last shard invoking finalize, finalize continuing dispatch while windows are due, the
 * reconciler re-driving a lost finalize or a lost shard, and a stale epoch committing nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportWindows } from '../../../shared/export/index.js';
import {
  dispatchRuns,
  runDispatch,
  runFinalize,
  runShard,
  type FinalizeEvent,
  type FunctionDeps,
  type ShardEvent,
  withBackfill,
} from '../../../shared/functions/index.js';
import {
  createBackfill,
  readBackfill,
  readWatermark,
  readWindow,
  watermarkKey,
  type StatusStore,
} from '../../../shared/status/index.js';
import { FakeStream, record } from '../reader/fake-stream.js';
import {
  MIN,
  NAMES,
  T0,
  config,
  depsOf,
  finals,
  memoryContext,
  passThrough,
  type MemoryContext,
  type QueueInvoker,
} from '../export/memory-context.js';

function stream(windows = 3): FakeStream {
  const s = new FakeStream();
  for (const id of ['s1', 's2', 's3'])
    s.add({
      shardId: id,
      records: Array.from({ length: windows * 4 }, (_, i) => record(T0 + 15_000 * i + 500, i, `${id}-${i}`)),
    });
  return s;
}

/** Delivers queued events until none is left; `deadline` decides each shard invocation's budget. */
async function drain(
  deps: FunctionDeps & { invoker: QueueInvoker },
  now: number,
  shardInput: () => { deadline: number; clock?: () => number } = () => ({
    deadline: now + 60_000,
    clock: () => now,
  }),
): Promise<string[]> {
  const trace: string[] = [];
  let n = 0;
  for (let item = deps.invoker.queue.shift(); item; item = deps.invoker.queue.shift()) {
    if (++n > 500) throw new Error('runaway chain');
    if (item.functionName === NAMES.dispatch) {
      const out = await runDispatch(deps, { now, owner: `dispatch-${n}` });
      trace.push(`dispatch:${out.action}`);
    } else if (item.functionName === NAMES.shard) {
      const out = await runShard(deps, item.payload as ShardEvent, { now, ...shardInput() });
      trace.push(`shard:${out.state}`);
    } else {
      const out = await runFinalize(deps, item.payload as FinalizeEvent, { now });
      trace.push(`finalize:${out.state}`);
    }
  }
  return trace;
}

describe('function logic over fakes', () => {
  it('one timer fire exports every due window: dispatch → shards → finalize → dispatch …', async () => {
    const now = T0 + 3 * MIN;
    const reference = memoryContext(config(), stream());
    await exportWindows({ config: reference.config, context: reference, now, from: T0, windows: 3 });

    const deps = depsOf(memoryContext(config(), stream()));
    const first = await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    assert.equal(first.action, 'claimed');
    const trace = await drain(deps, now);
    assert.equal(trace.filter((t) => t === 'finalize:committed').length, 3);
    assert.equal(
      trace.filter((t) => t === 'dispatch:claimed').length,
      2,
      'finalize continued dispatch twice',
    );
    assert.equal(trace.at(-1), 'finalize:committed', 'nothing more due after the third window');
    assert.deepEqual(finals(deps.ctx as MemoryContext), finals(reference));
  });

  it('a shard out of time saves progress and re-invokes itself; the output is the same', async () => {
    const now = T0 + MIN;
    const reference = memoryContext(config(), stream(1));
    await exportWindows({ config: reference.config, context: reference, now, from: T0, windows: 1 });

    const deps = depsOf(memoryContext(config(), stream(1)));
    await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    let tick = 0;
    // Every invocation's deadline passes after its first batch.
    const trace = await drain(deps, now, () => ({ deadline: tick, clock: () => tick++ }));
    assert.ok(trace.filter((t) => t === 'shard:continued').length >= 3, trace.join(' '));
    const slices = deps.invoker.sent
      .filter((s) => s.functionName === NAMES.shard)
      .map((s) => (s.payload as ShardEvent).slice);
    assert.ok(Math.max(...slices) >= 1);
    assert.equal(trace.filter((t) => t === 'finalize:committed').length, 1);
    assert.deepEqual(finals(deps.ctx as MemoryContext), finals(reference));
  });

  it('the reconciler re-invokes a lost finalize once the lease expired', async () => {
    const now = T0 + MIN;
    const ctx = memoryContext(config(), stream(1));
    const deps = depsOf(ctx);
    await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    // Deliver the shards, then lose the finalize event.
    for (let item = deps.invoker.queue.shift(); item; item = deps.invoker.queue.shift())
      if (item.functionName === NAMES.shard)
        await runShard(deps, item.payload as ShardEvent, { now, deadline: now + 60_000 });
    assert.equal(deps.invoker.sent.filter((s) => s.functionName === NAMES.finalize).length, 1);

    const busy = await runDispatch(deps, { now: now + 1_000, owner: 'timer-2', startAt: T0 });
    assert.equal(busy.action, 'busy', 'the lease still holds');
    const later = now + ctx.options.leaseMs + 1;
    const redrive = await runDispatch(deps, { now: later, owner: 'timer-3', startAt: T0 });
    assert.equal(redrive.action, 'refinalize');
    const trace = await drain(deps, later);
    assert.equal(trace[0], 'finalize:committed');
    const w = await readWindow(ctx.status, { job: ctx.config.name, run: 'live', start: T0, end: T0 + MIN });
    assert.equal(w?.epoch, 1, 'no re-export was needed');
  });

  it('a lost shard: the window is re-claimed at epoch 2; the stale epoch-1 shard commits nothing', async () => {
    const now = T0 + MIN;
    const ctx = memoryContext(config(), stream(1));
    const deps = depsOf(ctx);
    await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    const lost = deps.invoker.queue.splice(0);
    const later = now + ctx.options.leaseMs + 1;
    const again = await runDispatch(deps, { now: later, owner: 'timer-2', startAt: T0 });
    assert.equal(again.action, 'claimed');
    assert.equal((again as { epoch: number }).epoch, 2);
    // The lost epoch-1 invocation arrives late: it may export into its own staging names, but its
    // result write is refused (EPOCH_MISMATCH, settled by the handler) or it stops as stale.
    const staleRun = await runShard(deps, lost[0]!.payload as ShardEvent, {
      now: later,
      deadline: later + 60_000,
      clock: () => later,
    }).then(
      (out) => out.state,
      (err: { code?: string }) => err.code,
    );
    assert.ok(staleRun === 'EPOCH_MISMATCH' || staleRun === 'stale', String(staleRun));
    assert.equal(
      deps.invoker.queue.filter((q) => (q.payload as { epoch: number }).epoch === 1).length,
      0,
      'the stale invocation sent nothing',
    );
    // (By now ten more windows are due: finalize keeps dispatch going through them.)
    const trace = await drain(deps, later);
    assert.ok(trace.includes('finalize:committed'));
    const w = await readWindow(ctx.status, { job: ctx.config.name, run: 'live', start: T0, end: T0 + MIN });
    assert.equal(w?.state, 'committed');
    assert.equal(w?.epoch, 2);
  });

  it('finalize before every shard reported waits; a stale finalize event is settled', async () => {
    const now = T0 + MIN;
    const deps = depsOf(memoryContext(config(), stream(1)));
    const claimed = await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    assert.equal(claimed.action, 'claimed');
    const event: FinalizeEvent = {
      kind: 'finalize',
      run: 'live',
      window: { start: T0, end: T0 + MIN },
      epoch: 1,
    };
    const early = await runFinalize(deps, event, { now });
    assert.equal(early.state, 'waiting');
    const stale = await runFinalize(deps, { ...event, epoch: 7 }, { now });
    assert.equal(stale.state, 'stale');
  });

  it('a corrupt record fails the backfill window loudly; the next dispatch marks the backfill failed', async () => {
    const now = T0 + 3 * MIN;
    const s = stream(1);
    s.shards.get('s2')!.corruptAt = { index: 1, offset: 17 };
    const ctx = memoryContext(config(), s);
    const deps = depsOf(ctx);
    const record = {
      id: 'bf-unit-1',
      from: T0,
      to: T0 + MIN,
      windowMs: MIN,
      prefix: 'backfill/bf-unit-1/',
      dryRun: false,
      state: 'active' as const,
      windowsPlanned: 1,
      windowsDone: 0,
      windowsFailed: 0,
      rows: 0,
      bytes: 0,
      seq: 0,
      createdAt: now,
      updatedAt: now,
    };
    await createBackfill(ctx.status, ctx.config.name, record);
    const [first] = await dispatchRuns(deps, { now, owner: 'timer-1', run: record.id });
    assert.equal(first?.action, 'claimed');
    const run = withBackfill(deps, record) as typeof deps;
    const outcomes = [];
    for (let item = deps.invoker.queue.shift(); item; item = deps.invoker.queue.shift())
      outcomes.push(
        await runShard(run, item.payload as ShardEvent, { now, deadline: now + 60_000, clock: () => now }),
      );
    const failed = outcomes.find((o) => o.state === 'failed') as
      { code: string; message: string } | undefined;
    assert.equal(failed?.code, 'STREAM_RECORD_CORRUPT');
    assert.match(failed!.message, /s2/);
    const w = await readWindow(ctx.status, {
      job: ctx.config.name,
      run: record.id,
      start: T0,
      end: T0 + MIN,
    });
    assert.equal(w?.state, 'failed');
    const again = await dispatchRuns(deps, { now: now + 1_000, owner: 'timer-2' });
    assert.equal(again.find((o) => o.run === record.id)?.action, 'failed');
    const progress = await readBackfill(ctx.status, ctx.config.name, record.id);
    assert.equal(progress?.state, 'failed');
    assert.equal(progress?.windowsFailed, 1);
  });

  it('each shard slice renews the window lease, so a long export is not re-driven while it progresses', async () => {
    const now = T0 + MIN;
    const ctx = memoryContext(config(), stream(1));
    const deps = depsOf(ctx);
    await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    const [first] = deps.invoker.queue.splice(0);
    assert.equal((first!.payload as ShardEvent).owner, 'timer-1');
    const late = now + ctx.options.leaseMs - 1_000;
    let tick = late;
    // One batch, then out of budget: progress saved, the lease renewed from `late`.
    const out = await runShard(deps, first!.payload as ShardEvent, {
      now: late,
      deadline: late,
      clock: () => tick++,
    });
    assert.equal(out.state, 'continued');
    const ref = { job: ctx.config.name, run: 'live', start: T0, end: T0 + MIN };
    assert.equal((await readWindow(ctx.status, ref))?.leaseExpiresAt, late + ctx.options.leaseMs);
    const tickAfterFirstLease = now + ctx.options.leaseMs + 1_000;
    const dispatch = await runDispatch(deps, { now: tickAfterFirstLease, owner: 'timer-2', startAt: T0 });
    assert.equal(dispatch.action, 'busy', 'the renewed lease still holds');
  });

  it('a finalize that died between commit and watermark: the next dispatch advances it and moves on', async () => {
    const now = T0 + 2 * MIN;
    const base = memoryContext(config(), stream(2));
    const mark = watermarkKey(base.config.name, 'live');
    let crashing = true;
    let crashes = 0;
    const status: StatusStore = {
      ...passThrough(base.status),
      put: async (k, a, c) => {
        if (crashing && k.type === mark.type && k.streamId === mark.streamId && k.value === mark.value) {
          crashes++;
          throw new Error('process died before the watermark write');
        }
        return base.status.put(k, a, c);
      },
    };
    const deps = depsOf({ ...base, status });
    await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    for (let item = deps.invoker.queue.shift(); item; item = deps.invoker.queue.shift()) {
      if (item.functionName === NAMES.shard)
        await runShard(deps, item.payload as ShardEvent, { now, deadline: now + 60_000 });
      else await assert.rejects(runFinalize(deps, item.payload as FinalizeEvent, { now }), /watermark/);
    }
    assert.ok(crashes > 0, 'the watermark write failed');
    const first = { job: base.config.name, run: 'live', start: T0, end: T0 + MIN };
    assert.equal((await readWindow(base.status, first))?.state, 'committed');
    assert.equal(await readWatermark(base.status, base.config.name, 'live'), undefined);

    crashing = false;
    const again = await runDispatch(deps, { now, owner: 'timer-2', startAt: T0 });
    assert.equal(again.action, 'committed');
    assert.equal((await readWatermark(base.status, base.config.name, 'live'))?.watermark, T0 + MIN);
    const next = await runDispatch(deps, { now, owner: 'timer-3', startAt: T0 });
    assert.equal(next.action, 'claimed', 'the run moves on to the next window');
    assert.equal(next.action === 'claimed' && next.window.startMillis, T0 + MIN);
  });
});
