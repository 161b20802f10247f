/**
 * A lost shard through FC: the local Tablestore refuses GetShardIterator 16 times (a fatal,
 * non-retried error), so every shard invocation of the first window fails all of FC's retries and
 * FC hands each to finalize (its on-failure destination, s.yaml). finalize logs the envelope; once
 * the window's short lease runs out, a timer-fired dispatch re-claims it (epoch 2) and the export
 * completes: every change exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { MINUTE, Workload, assertChangesOnce, getObject, readManifests } from '../export/helpers.js';
import {
  JOB,
  NAMES,
  logLines,
  prepareFcEnv,
  seedPhases,
  waitFor,
  type FcEnv,
  type FcEnvHandle,
} from './helpers.js';

const FAULTS = 16;

describe('a shard invocation lost for good is re-driven by the reconciler', { timeout: 120_000 }, () => {
  let handle: FcEnvHandle;
  let env: FcEnv;
  let t0: number;
  const workload = new Workload(5, 20, 0);

  before(async () => {
    t0 = Math.floor(Date.now() / MINUTE) * MINUTE - 4 * MINUTE;
    handle = await prepareFcEnv({
      intervalMinutes: 1,
      timerSpeed: 30,
      environment: { SYNC_START_AT: String(t0), SYNC_LEASE_SECONDS: '4' },
    });
    const base = handle.env;
    await seedPhases(base, workload, { t0, phases: 2, perPhase: 15 });
    await base.admin.injectFault({
      api: 'GetShardIterator',
      code: 'OTSParameterInvalid',
      message: 'injected by the reconcile test',
      count: FAULTS,
    });
    env = await handle.startFc();
    await waitFor(
      'the two windows to commit',
      async () =>
        (await readManifests(env, JOB)).some((m) => m.window.end >= t0 + 2 * MINUTE) ? true : undefined,
      90_000,
      500,
    );
  });

  after(async () => {
    await handle?.close();
  });

  it('the fault fired, FC gave up on shard invocations and handed them to finalize', async () => {
    const { hits } = await env.admin.faults();
    assert.equal(hits.length, FAULTS);
    const shards = await env.fcAdmin.invocations({ functionName: NAMES.shard, limit: 1000 });
    assert.ok(
      shards.some((r) => r.status === 'failed' && r.attempts.length === 4),
      'a shard failed 1 + 3 attempts',
    );
    const finalize = await env.fcAdmin.invocations({
      functionName: NAMES.finalize,
      source: 'destination',
      limit: 1000,
    });
    assert.ok(finalize.length > 0, 'FC invoked finalize with the destination envelope');
    assert.ok(logLines(finalize).some((l) => l.state === 'shardFailed'));
  });

  it('dispatch re-claimed the first window at a new epoch after its lease ran out', async () => {
    const dispatch = await env.fcAdmin.invocations({ functionName: NAMES.dispatch, limit: 1000 });
    const claims = logLines(dispatch).filter((l) => l.action === 'claimed') as {
      window: { startMillis: number };
      epoch: number;
    }[];
    const first = claims.filter((c) => c.window.startMillis === t0).map((c) => c.epoch);
    assert.ok(Math.max(...first) >= 2, `epochs of the first window: ${first.join(', ')}`);
  });

  it('every change is exported exactly once', async () => {
    const rows: string[][] = [];
    for (const m of await readManifests(env, JOB))
      for (const o of m.objects) rows.push(...(parse(await getObject(env, o.key)) as string[][]));
    assertChangesOnce(rows, workload.changes);
  });
});
