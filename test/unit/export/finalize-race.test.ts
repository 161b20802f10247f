/**
 * Two finalizes of one window interleaved deterministically: the second one's store runs the first
 * to completion at a chosen point of its own run (after its window read), so it meets the state a
 * real concurrent twin leaves behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dispatchWindow,
  exportShardGroup,
  finalizeWindow,
  type DispatchResult,
  type ExportContext,
  type FinalizeResult,
} from '../../../shared/export/index.js';
import {
  EpochMismatchError,
  readWatermark,
  readWindow,
  watermarkKey,
  windowKey,
  type StatusKey,
  type StatusStore,
} from '../../../shared/status/index.js';
import { FakeStream, record } from '../reader/fake-stream.js';
import { MIN, T0, config, finals, memoryContext, passThrough, type MemoryContext } from './memory-context.js';

const W = { startMillis: T0, endMillis: T0 + MIN };
const REF = { job: 'unit', run: 'live', start: W.startMillis, end: W.endMillis };

function twoShards(): FakeStream {
  const s = new FakeStream();
  for (const id of ['s1', 's2'])
    s.add({ shardId: id, records: [1, 2, 3].map((i) => record(T0 + 1000 * i, i, `${id}-${i}`)) });
  return s;
}

const same = (a: StatusKey, b: StatusKey) =>
  a.streamId === b.streamId && a.type === b.type && a.value === b.value;

/**
 * The context's store, except that the first `op` on `key` first awaits `twin()`: the point where
 * a concurrent finalize overtakes this one.
 */
function overtakenAt(
  ctx: MemoryContext,
  op: 'get' | 'update',
  key: StatusKey,
  twin: () => Promise<void>,
): { ctx: ExportContext; fired: () => boolean } {
  const store = ctx.status;
  let fired = false;
  const hook = async (k: StatusKey) => {
    if (fired || !same(k, key)) return;
    fired = true;
    await twin();
  };
  const wrapped: StatusStore = {
    ...passThrough(store),
    get: async (k) => (op === 'get' && (await hook(k)), store.get(k)),
    update: async (k, ch, c) => (op === 'update' && (await hook(k)), store.update(k, ch, c)),
  };
  return { ctx: { ...ctx, status: wrapped }, fired: () => fired };
}

async function readyWindow(): Promise<{ ctx: MemoryContext; epoch: number }> {
  const ctx = memoryContext(config(), twoShards());
  const d = (await dispatchWindow(ctx, W, { now: T0 + 2 * MIN, owner: 'o' })) as Extract<
    DispatchResult,
    { state: 'claimed' }
  >;
  assert.equal(d.state, 'claimed');
  const shard = await exportShardGroup(ctx, { window: W, epoch: d.epoch, shardIds: d.shards });
  assert.equal(shard.done, true);
  return { ctx, epoch: d.epoch };
}

describe('finalize racing a twin of the same epoch', () => {
  it('twin commits and advances the watermark before our watermark check: alreadyCommitted, not a conflict', async () => {
    const { ctx, epoch } = await readyWindow();
    let twin: FinalizeResult | undefined;
    const racing = overtakenAt(ctx, 'get', watermarkKey('unit', 'live'), async () => {
      twin = await finalizeWindow(ctx, { window: W, epoch, now: T0 + 2 * MIN });
    });
    const ours = await finalizeWindow(racing.ctx, { window: W, epoch, now: T0 + 2 * MIN });
    assert.ok(racing.fired(), 'the twin ran inside our finalize');
    // The fault really happened: the twin committed and moved the watermark past our window's start
    // while ours was between its window read and its watermark read.
    assert.equal(twin?.state, 'committed');
    assert.equal(ours.state, 'alreadyCommitted');
    assert.equal(ours.manifestKey, twin.manifestKey);
    assert.equal(ours.manifestHash, twin.manifestHash);
    assert.equal(ours.rows, twin.rows);
    assert.ok((twin.rows ?? 0) > 0);
    const mark = await readWatermark(ctx.status, 'unit', 'live');
    assert.equal(mark?.watermark, W.endMillis);
    assert.equal(mark?.seq, 1, 'advanced once');
    assert.equal(mark?.manifestHash, twin.manifestHash);
    assert.equal(finals(ctx).size, 1);
  });

  it('twin commits between our manifest and our commit: alreadyCommitted with the same manifest', async () => {
    const { ctx, epoch } = await readyWindow();
    let twin: FinalizeResult | undefined;
    const racing = overtakenAt(ctx, 'update', windowKey(REF), async () => {
      twin = await finalizeWindow(ctx, { window: W, epoch, now: T0 + 2 * MIN });
    });
    const ours = await finalizeWindow(racing.ctx, { window: W, epoch, now: T0 + 2 * MIN });
    assert.ok(racing.fired());
    assert.equal(twin?.state, 'committed');
    assert.equal(ours.state, 'alreadyCommitted');
    assert.equal(ours.manifestHash, twin.manifestHash);
    assert.equal((await readWatermark(ctx.status, 'unit', 'live'))?.seq, 1);
  });

  it('a newer epoch committed meanwhile: the stale finalize gets EpochMismatchError and changes nothing', async () => {
    const { ctx, epoch } = await readyWindow();
    let newer: FinalizeResult | undefined;
    const racing = overtakenAt(ctx, 'get', watermarkKey('unit', 'live'), async () => {
      const later = T0 + 100 * MIN; // our lease long expired
      const d = (await dispatchWindow(ctx, W, { now: later, owner: 'other' })) as Extract<
        DispatchResult,
        { state: 'claimed' }
      >;
      assert.equal(d.epoch, epoch + 1);
      await exportShardGroup(ctx, { window: W, epoch: d.epoch, shardIds: d.shards });
      newer = await finalizeWindow(ctx, { window: W, epoch: d.epoch, now: later });
    });
    await assert.rejects(
      finalizeWindow(racing.ctx, { window: W, epoch, now: T0 + 2 * MIN }),
      EpochMismatchError,
    );
    assert.ok(racing.fired());
    assert.equal(newer?.state, 'committed');
    const row = await readWindow(ctx.status, REF);
    assert.equal(row?.epoch, epoch + 1);
    assert.equal(row?.manifestHash, newer.manifestHash);
    assert.equal((await readWatermark(ctx.status, 'unit', 'live'))?.seq, 1);
  });
});
