/**
 * Trimmed stream data fails the window loudly with the lost range recorded, and nothing of it is
 * committed: the local Tablestore's clock is moved past the stream's 24 h retention between two
 * windows, so the checkpoint the first window saved points at records that are gone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportWindows } from '../../../shared/export/index.js';
import { StreamDataLostError } from '../../../shared/reader/index.js';
import { readWatermark, readWindow } from '../../../shared/status/index.js';
import {
  MINUTE,
  TABLE,
  Workload,
  context,
  createTable,
  jobConfig,
  nextMinute,
  startEnv,
  type Env,
} from './helpers.js';

describe('trimmed stream data', { timeout: 60_000 }, () => {
  let env: Env;

  before(async () => {
    env = await startEnv();
    await createTable(env, 1);
  });

  after(async () => {
    await env?.close();
  });

  it('fails the window naming the shard and the lost time range; the watermark stays', async () => {
    const t0 = (await nextMinute(env)) - 1_000;
    const workload = new Workload(5, 5, t0);
    await workload.write(env, 5);
    const config = jobConfig(env, 'trim');
    const ctx = await context(config);
    const first = await exportWindows({ config, context: ctx, now: await nextMinute(env), from: t0 });
    assert.equal(first.error, undefined);
    assert.equal(first.windows.length, 1);

    await workload.write(env, 5); // window 2's records, after the saved checkpoint
    const { trimmed } = await env.admin.advanceClock(25 * 3_600_000); // past the 24 h retention
    assert.ok(trimmed >= 10, `${trimmed} records trimmed`);
    const { nowMs } = await env.admin.clock();
    workload.reset(nowMs); // cell versions near the server clock again
    await workload.write(env, 3); // still retained: the end of the lost range
    const { shards } = await env.admin.shards(TABLE);
    const afterWrites = (await env.admin.clock()).nowMs;

    const second = await exportWindows({ config, context: ctx, now: afterWrites, windows: 1 });
    const err = second.error;
    assert.ok(err instanceof StreamDataLostError, `${err?.name}: ${err?.message}`);
    const w = second.windows[0]!.window;
    assert.equal(w.startMillis, t0 + MINUTE);
    assert.equal(err.shardId, shards[0]!.shardId);
    assert.equal(err.fromMillis, w.startMillis);
    assert.ok(err.toMillis >= nowMs && err.toMillis <= afterWrites, 'lost until the oldest retained record');
    assert.match(err.message, /trimmed.*lost/);
    const row = await readWindow(ctx.status, {
      job: 'trim',
      run: 'live',
      start: w.startMillis,
      end: w.endMillis,
    });
    assert.equal(row?.state, 'failed');
    assert.deepEqual(row?.lost, { shardId: err.shardId, from: err.fromMillis, to: err.toMillis });
    assert.equal(
      (await readWatermark(ctx.status, 'trim', 'live'))?.watermark,
      t0 + MINUTE,
      'only the first window committed',
    );
    const again = await exportWindows({ config, context: ctx, now: afterWrites, windows: 1 });
    assert.equal(again.error?.code, 'WINDOW_FAILED', 'a failed window stays failed until retried on purpose');
  });
});
