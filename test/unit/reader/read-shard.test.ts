import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CorruptRecordError,
  SHARD_END,
  ShardReader,
  StreamDataLostError,
  TRIM_HORIZON,
  type ShardReaderOptions,
} from '../../../shared/reader/index.js';
import type { StreamRecord } from '../../../shared/tablestore/index.js';
import { FakeStream, record } from './fake-stream.js';

const ms = (r: StreamRecord) => r.sequence.timestamp / 1000;

async function readAll(reader: ShardReader): Promise<number[]> {
  const out: number[] = [];
  for await (const batch of reader.batches()) out.push(...batch.records.map((r) => Math.floor(ms(r))));
  return out;
}

function stream(times: number[], open = true): FakeStream {
  const s = new FakeStream();
  s.add({ shardId: 'a', open, records: times.map((t, i) => record(t, i)) });
  return s;
}

/** A reader of shard `a` of stream `x`; `more` says where it starts (checkpoint, resume or seek). */
function reader(
  s: FakeStream,
  window: ShardReaderOptions['window'],
  more: Omit<ShardReaderOptions, 'streams' | 'streamId' | 'shardId' | 'window'>,
): ShardReader {
  return new ShardReader({ streams: s, streamId: 'x', shardId: 'a', window, ...more });
}

describe('ShardReader', () => {
  it('stops at the first record at or after the end, with a checkpoint positioned at that record', async () => {
    const s = stream([1, 2, 3, 4, 10, 11, 12]);
    const w1 = reader(s, { startMillis: 0, endMillis: 10 }, { checkpoint: TRIM_HORIZON });
    assert.deepEqual(await readAll(w1), [1, 2, 3, 4]);
    assert.equal(w1.result?.stoppedBy, 'boundary');
    // The batch [4, 10, 11] was re-read with limit = 1 (DataX's limit = i) to position the checkpoint.
    assert.ok(s.calls.some((c) => c.op === 'GetStreamRecord' && c.iterator === 'a:3' && c.limit === 1));
    assert.equal(w1.result?.checkpoint, 'a:4');
    const w2 = reader(s, { startMillis: 10, endMillis: 20 }, { checkpoint: w1.result!.checkpoint });
    assert.deepEqual(await readAll(w2), [10, 11, 12]);
    assert.deepEqual(w2.result, { checkpoint: 'a:7', stoppedBy: 'caughtUp' });
  });

  it('a boundary at the first record of a batch keeps the iterator of that batch', async () => {
    const s = stream([1, 2, 3, 10]);
    const r = reader(s, { startMillis: 0, endMillis: 10 }, { checkpoint: TRIM_HORIZON });
    assert.deepEqual(await readAll(r), [1, 2, 3]);
    assert.equal(r.result?.checkpoint, 'a:3');
  });

  it('a closed shard read to its end yields SHARD_END; a SHARD_END checkpoint reads nothing', async () => {
    const s = stream([1, 2], false);
    const r = reader(s, { startMillis: 0, endMillis: 10 }, { checkpoint: TRIM_HORIZON });
    assert.deepEqual(await readAll(r), [1, 2]);
    assert.deepEqual(r.result, { checkpoint: SHARD_END, stoppedBy: 'shardEnd' });
    const calls = s.calls.length;
    const again = reader(s, { startMillis: 10, endMillis: 20 }, { checkpoint: SHARD_END });
    assert.deepEqual(await readAll(again), []);
    assert.equal(again.result?.checkpoint, SHARD_END);
    assert.equal(s.calls.length, calls);
  });

  it('without a checkpoint it seeks by timestamp and skips records before the start', async () => {
    const s = stream([1, 5, 8, 12, 9, 15, 30]);
    const r = reader(s, { startMillis: 10, endMillis: 20 }, { seekMarginMillis: 3 });
    assert.deepEqual(await readAll(r), [12, 9, 15]);
    assert.equal(s.calls[0]!.timestampUs, 7_000);
    assert.deepEqual([r.counts.skipped, r.counts.late, r.counts.emitted], [1, 1, 3]);
  });

  it('counts late records after a checkpoint and exports them', async () => {
    const s = stream([4, 11, 3]);
    const r = reader(s, { startMillis: 10, endMillis: 20 }, { checkpoint: TRIM_HORIZON });
    assert.deepEqual(await readAll(r), [4, 11, 3]);
    assert.equal(r.counts.late, 2);
  });

  it('stopping between batches leaves a position that resumes without re-reading', async () => {
    const s = stream([1, 2, 3, 4, 5, 6, 7]);
    const window = { startMillis: 0, endMillis: 100 };
    const first = reader(s, window, { checkpoint: TRIM_HORIZON });
    const got: number[] = [];
    for await (const b of first.batches()) {
      got.push(...b.records.map((r) => Math.floor(ms(r))));
      break;
    }
    assert.deepEqual(first.position, { iterator: 'a:3', skipping: false });
    assert.equal(first.result, undefined);
    const second = reader(s, window, { resume: first.position! });
    got.push(...(await readAll(second)));
    assert.deepEqual(got, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(s.calls.filter((c) => c.iterator === 'a:0').length, 1, 'the first batch was read once');
  });

  it('trimmed data fails with the shard and the lost time range', async () => {
    const s = new FakeStream();
    s.add({ shardId: 'a', firstIndex: 5, records: [record(42_000), record(43_000)] });
    const r = reader(s, { startMillis: 30_000, endMillis: 60_000 }, { checkpoint: 'a:2' });
    await assert.rejects(readAll(r), (err: StreamDataLostError) => {
      assert.ok(err instanceof StreamDataLostError);
      assert.equal(err.code, 'STREAM_DATA_LOST');
      assert.deepEqual([err.shardId, err.fromMillis, err.toMillis], ['a', 30_000, 42_000]);
      assert.match(err.message, /shard a.*lost/);
      return true;
    });
  });

  it('a corrupt record fails with the shard and byte offset', async () => {
    const s = stream([1, 2, 3, 4]);
    s.shards.get('a')!.corruptAt = { index: 3, offset: 57 };
    const r = reader(s, { startMillis: 0, endMillis: 10 }, { checkpoint: TRIM_HORIZON });
    await assert.rejects(readAll(r), (err: CorruptRecordError) => {
      assert.ok(err instanceof CorruptRecordError);
      assert.deepEqual([err.shardId, err.offset, err.shardIterator], ['a', 57, 'a:3']);
      assert.match(err.message, /shard a: .*byte offset 57/);
      return true;
    });
  });

  it('reads the next batch while the caller writes the current one (unless prefetch is off)', async () => {
    for (const prefetch of [true, false]) {
      const s = stream([1, 2, 3, 4, 5, 6, 7]);
      const r = reader(s, { startMillis: 0, endMillis: 100 }, { checkpoint: TRIM_HORIZON, prefetch });
      const it = r.batches();
      await it.next();
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(s.calls.filter((c) => c.op === 'GetStreamRecord').length, prefetch ? 2 : 1);
      await it.return(undefined as never);
    }
  });
});
