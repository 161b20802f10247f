/**
 * FC delivers one shard slice twice, both copies running at once: both read the same saved
 * progress (none), export the same records, and reach their budget stop together. The progress
 * save is compare-and-set on the slice, so exactly one copy saves and continues; the other stops
 * quietly (`duplicate`): no re-invocation, its staged parts removed, the window exported once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportWindows } from '../../../shared/export/index.js';
import {
  runDispatch,
  runFinalize,
  runShard,
  type FinalizeEvent,
  type ShardEvent,
} from '../../../shared/functions/index.js';
import { PROGRESS_TYPE, loadProgress, type StatusStore } from '../../../shared/status/index.js';
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
} from '../export/memory-context.js';

function stream(): FakeStream {
  const s = new FakeStream();
  for (const id of ['s1', 's2'])
    s.add({
      shardId: id,
      records: Array.from({ length: 8 }, (_, i) => record(T0 + 5_000 * i + 500, i, `${id}-${i}`)),
    });
  return s;
}

/** The store, except that the first two progress saves wait for each other: a true tie. */
function tiedProgressSaves(store: StatusStore): { store: StatusStore; arrived: () => number } {
  let arrived = 0;
  let release!: () => void;
  const both = new Promise<void>((r) => (release = r));
  return {
    arrived: () => arrived,
    store: {
      ...passThrough(store),
      put: async (k, a, c) => {
        if (k.type === PROGRESS_TYPE && arrived < 2) {
          if (++arrived === 2) release();
          await both;
        }
        return store.put(k, a, c);
      },
    },
  };
}

describe('a shard slice delivered twice at once', () => {
  it('exactly one copy saves its progress and continues; the other stops quietly', async () => {
    const now = T0 + 2 * MIN;
    const reference = memoryContext(config(), stream());
    await exportWindows({ config: reference.config, context: reference, now, from: T0, windows: 1 });

    const base = memoryContext(config(), stream());
    const tie = tiedProgressSaves(base.status);
    const deps = depsOf({ ...base, status: tie.store });
    // Events are delivered by hand below, from `sent`; the invoker's queue stays unused.
    const { sent } = deps.invoker;
    const claimed = await runDispatch(deps, { now, owner: 'timer-1', startAt: T0 });
    assert.equal(claimed.action, 'claimed');
    const fanned = sent.splice(0).map((s) => s.payload as ShardEvent);
    assert.ok(fanned.length > 0);
    const slice0: ShardEvent = { ...fanned[0]!, shardIds: ['s1'] };

    // Both copies stop after their first batch (the clock passes the deadline on the first check).
    const copy = () => runShard(deps, slice0, { now, deadline: now, clock: () => now });
    const outcomes = await Promise.all([copy(), copy()]);
    assert.equal(tie.arrived(), 2, 'both copies reached their progress save');
    assert.deepEqual(outcomes.map((o) => o.state).sort(), ['continued', 'duplicate']);
    const continued = sent.filter((s) => s.functionName === NAMES.shard);
    assert.equal(continued.length, 1, 'only the winner re-invoked itself');
    assert.equal((continued[0]!.payload as ShardEvent).slice, 1);

    const ref = { job: 'unit', run: 'live', start: T0, end: T0 + MIN };
    const saved = await loadProgress(base.status, ref, 's1');
    assert.equal(saved?.slices, 1);
    // Only the winner's staged parts are left (the loser removed its own).
    const staged = (await base.sink.list('')).filter(
      (o) => o.key.includes('/staging/') && o.key.includes('/s1.'),
    );
    const attempts = new Set(staged.map((o) => o.key.split('/').at(-2)));
    assert.equal(attempts.size, 1, [...attempts].join());

    // The rest of the chain: the winner's continuation, the other shard group(s), finalize.
    const queue = [...continued, ...fanned.map((payload) => ({ functionName: NAMES.shard, payload }))];
    sent.length = 0;
    const trace: string[] = [];
    for (let item = queue.shift(), n = 0; item && n < 100; item = queue.shift(), n++) {
      if (item.functionName === NAMES.shard) {
        const out = await runShard(deps, item.payload as ShardEvent, {
          now,
          deadline: now + MIN,
          clock: () => now,
        });
        trace.push(`shard:${out.state}`);
      } else if (item.functionName === NAMES.finalize) {
        trace.push(`finalize:${(await runFinalize(deps, item.payload as FinalizeEvent, { now })).state}`);
      }
      queue.push(...sent.splice(0));
    }
    assert.equal(trace.filter((t) => t === 'finalize:committed').length, 1, trace.join(' '));
    assert.deepEqual(finals(base), finals(reference));
    assert.ok(finals(reference).size > 0);
  });
});
