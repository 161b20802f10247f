/**
 * Acceptance 2, the races, on the real built functions served by the local FC server:
 * - five concurrent invocations of `finalize` for one window commit it once (one manifest, one
 *   watermark advance, the rows once) — on a backfill run, and on a live run of a job whose
 *   config travels in the events;
 * - two overlapping `dispatch` invocations (two timer fires at once) never run one window twice:
 *   one claims it, the other finds it busy, and the window is exported once at epoch 1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import {
  buildDeps,
  runDispatch,
  runShard,
  withBackfill,
  type FunctionDeps,
  type ShardEvent,
} from '../../../shared/functions/index.js';
import { Fc2Invoker } from '../../../shared/invoker/index.js';
import { createBackfill, readBackfill, readWatermark, readWindow } from '../../../shared/status/index.js';
import { DEFAULT_CREDENTIALS } from '../../../local/contract.js';
import {
  MINUTE,
  Workload,
  expectedByKey,
  getObject,
  jobConfigValue,
  multiVersionRows,
  readManifests,
} from '../export/helpers.js';
import {
  JOB,
  NAMES,
  RecordingInvoker,
  functionEnv,
  localContext,
  prepareFcEnv,
  seedPhases,
  waitFor,
  type FcEnv,
  type FcEnvHandle,
} from './helpers.js';

describe('finalize and dispatch races on the local FC', { timeout: 120_000 }, () => {
  let handle: FcEnvHandle;
  let env: FcEnv;
  let invoker: Fc2Invoker;
  let t0: number;
  const workload = new Workload(7, 20, 0);
  const silent = { info: () => undefined, warn: () => undefined };

  /** Runs, in this process, every shard event `recorder` kept; each must finish its shards. */
  async function runRecordedShards(deps: FunctionDeps, recorder: RecordingInvoker): Promise<void> {
    for (const sent of recorder.sent.splice(0)) {
      const out = await runShard(deps, sent.payload as ShardEvent, {
        now: Date.now(),
        deadline: Date.now() + 60_000,
      });
      assert.equal(out.state, 'done');
    }
  }

  /** Hands one finalize event to the real function five times at once: exactly one commits. */
  async function finalizeFiveTimesAtOnce(payload: unknown): Promise<void> {
    const results = (await Promise.all(
      Array.from({ length: 5 }, () => invoker.invokeSync(NAMES.finalize, payload)),
    )) as { state: string }[];
    const states = results.map((r) => r.state).sort();
    assert.equal(states.filter((s) => s === 'committed').length, 1, states.join(','));
    assert.ok(
      states.every((s) => s === 'committed' || s === 'alreadyCommitted'),
      states.join(','),
    );
  }

  before(async () => {
    t0 = Math.floor(Date.now() / MINUTE) * MINUTE - 6 * MINUTE;
    // A slow timer (no tick during the test): the test invokes the functions itself.
    handle = await prepareFcEnv({
      intervalMinutes: 1,
      timerSpeed: 0.01,
      environment: { SYNC_START_AT: String(t0) },
    });
    await seedPhases(handle.env, workload, { t0, phases: 3, perPhase: 15 });
    env = await handle.startFc();
    const info = env.fc.info as typeof env.fc.info & { accountId: string };
    invoker = new Fc2Invoker({
      accountId: info.accountId,
      region: 'cn-hangzhou',
      credentials: DEFAULT_CREDENTIALS,
      endpoint: env.fcEndpoint,
    });
  });

  after(async () => {
    await handle?.close();
  });

  it('two overlapping dispatches: one claims the first window, the other finds it busy', async () => {
    const fire = () =>
      invoker.invokeSync(NAMES.dispatch, {
        triggerTime: new Date().toISOString(),
        triggerName: 'every-interval',
        payload: '{}',
      });
    const answers = (await Promise.all([fire(), fire()])) as {
      outcomes: { action: string; run: string; window?: { startMillis: number }; epoch?: number }[];
    }[];
    const live = answers.map((r) => r.outcomes.find((o) => o.run === 'live')!);
    assert.deepEqual(live.map((o) => o.action).sort(), ['busy', 'claimed']);
    for (const o of live) assert.equal(o.window?.startMillis, t0);
    assert.equal(live.find((o) => o.action === 'claimed')!.epoch, 1);
    // The claimed window runs through shard and finalize, and finalize chains the due windows.
    await waitFor(
      'the due windows to commit',
      async () => {
        const m = await readManifests(env, JOB);
        return m.some((x) => x.window.end >= t0 + 3 * MINUTE) ? true : undefined;
      },
      60_000,
    );
    await env.fcAdmin.waitIdle(60_000);
    const deps = await buildDeps({
      job: undefined,
      context: localContext(env),
      env: functionEnv(env),
      log: silent,
    });
    const manifests = (await readManifests(env, JOB)).filter((m) => m.window.end <= t0 + 3 * MINUTE);
    assert.deepEqual(
      manifests.map((m) => m.window.start),
      [t0, t0 + MINUTE, t0 + 2 * MINUTE],
    );
    for (const m of manifests) {
      const w = await readWindow(deps.ctx.status, {
        job: JOB,
        run: 'live',
        start: m.window.start,
        end: m.window.end,
      });
      assert.equal(w?.state, 'committed');
      assert.equal(w?.epoch, 1, `window ${m.window.start} was claimed once`);
    }
    const rows = [];
    for (const m of manifests)
      for (const o of m.objects) rows.push(...(parse(await getObject(env, o.key)) as string[][]));
    const expected = [...expectedByKey(workload.changes, multiVersionRows).values()].flat();
    assert.equal(rows.length, expected.length, 'every change exported once');
  });

  it('five concurrent finalize invocations commit a window once', async () => {
    // A one-window backfill run, claimed and exported in this process with the fan-out and the
    // finalize event kept instead of sent; then the real finalize function gets it five times at once.
    const recorder = new RecordingInvoker();
    const live = await buildDeps({
      job: undefined,
      context: localContext(env),
      env: functionEnv(env),
      log: silent,
    });
    const id = 'bf-race-1';
    const record = {
      id,
      from: t0 + MINUTE,
      to: t0 + 2 * MINUTE,
      windowMs: MINUTE,
      prefix: `backfill/${id}/`,
      dryRun: false,
      state: 'active' as const,
      windowsPlanned: 1,
      windowsDone: 0,
      windowsFailed: 0,
      rows: 0,
      bytes: 0,
      seq: 0,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
    await createBackfill(live.ctx.status, JOB, record);
    const deps = { ...withBackfill(live, record), invoker: recorder };
    const window = { startMillis: record.from, endMillis: record.to };
    const claimed = await runDispatch(deps, { now: Date.now(), owner: 'test-dispatch', window });
    assert.equal(claimed.action, 'claimed');
    await runRecordedShards(deps, recorder);
    const finalize = recorder.sent.filter((s) => s.functionName === NAMES.finalize);
    assert.equal(finalize.length, 1, 'the last shard asked for finalize');
    await finalizeFiveTimesAtOnce(finalize[0]!.payload);

    const ref = { job: JOB, run: id, start: record.from, end: record.to };
    assert.equal((await readWindow(live.ctx.status, ref))?.state, 'committed');
    assert.equal((await readWatermark(live.ctx.status, JOB, id))?.watermark, record.to);
    assert.equal((await readManifests(env, JOB, id)).length, 1, 'one manifest');
    const progress = await readBackfill(live.ctx.status, JOB, id);
    assert.equal(progress?.state, 'done');
    assert.equal(progress?.windowsDone, 1);
    const expected = [...expectedByKey(workload.changes.slice(15, 30), multiVersionRows).values()].flat();
    assert.equal(progress?.rows, expected.length, 'the window holds its changes once');
  });

  it('five concurrent finalize invocations commit a live window once (job config carried in the events)', async () => {
    // Another job, its config in the events (the timer-payload path): claimed and exported here,
    // then its finalize event handed to the real function five times at once.
    const job = { config: jobConfigValue(env, 'race') };
    const recorder = new RecordingInvoker();
    const built = await buildDeps({ job, context: localContext(env), env: {}, log: silent });
    const deps = { ...built, invoker: recorder };
    const claimed = await runDispatch(deps, { now: Date.now(), owner: 'test-dispatch', startAt: t0 });
    assert.equal(claimed.action, 'claimed');
    await runRecordedShards(deps, recorder);
    const [finalize] = recorder.sent.filter((s) => s.functionName === NAMES.finalize);
    assert.deepEqual((finalize!.payload as { job: unknown }).job, job, 'the config travels with the event');
    await finalizeFiveTimesAtOnce(finalize!.payload);
    const ref = { job: 'race', run: 'live', start: t0, end: t0 + MINUTE };
    const w = await readWindow(built.ctx.status, ref);
    assert.equal(w?.state, 'committed');
    assert.equal(w?.epoch, 1);
    assert.equal((await readWatermark(built.ctx.status, 'race', 'live'))?.watermark, t0 + MINUTE);
    const manifests = (await readManifests(env, 'race')).filter((m) => m.window.start === t0);
    assert.equal(manifests.length, 1);
    const rows = [];
    for (const o of manifests[0].objects) rows.push(...(parse(await getObject(env, o.key)) as string[][]));
    const expected = [...expectedByKey(workload.changes.slice(0, 15), multiVersionRows).values()].flat();
    assert.equal(rows.length - 1, expected.length, 'the window holds its changes once (plus the header)');
  });
});
