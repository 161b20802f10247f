/**
 * Acceptance 2 through Function Compute: the engine tests' seeded workload (puts, updates with
 * delete-one/all-version cells, deletes, batch writes; 4 shards, a split and a merge) lands in the
 * local Tablestore over 12 one-minute windows in the past; then the local FC server's timer runs
 * the real, built `dispatch` from the project's s.yaml, with duplicate and out-of-order async
 * delivery on, and a time budget so small that every shard invocation saves its progress after
 * one batch and re-invokes itself. Every final object read back equals the change log, each change
 * once; every window was claimed once (epoch 1) although timer fires overlapped and events were
 * duplicated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import {
  MINUTE,
  Workload,
  assertChangesOnce,
  getObject,
  mergeAdjacentShards,
  readManifests,
  splitOpenShard,
} from '../export/helpers.js';
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

const PHASES = 12;
const PER_PHASE = 20;

describe(
  'exactly once through FC: timer-driven dispatch, duplicate and reordered async events',
  { timeout: 150_000 },
  () => {
    let handle: FcEnvHandle;
    let env: FcEnv;
    let t0: number;
    const workload = new Workload(20261125, 40, 0);

    before(async () => {
      // Windows in the past, so they are all due at once: the data is written first at past times.
      t0 = Math.floor(Date.now() / MINUTE) * MINUTE - (PHASES + 3) * MINUTE;
      handle = await prepareFcEnv({
        intervalMinutes: 1,
        timerSpeed: 30,
        faults: 'duplicate=0.3,reorder=0.3,reorderDelayMs=150,seed=11',
        // Tiny batches and a 1 ms budget: every shard invocation reads one batch, saves its
        // progress and re-invokes itself for the rest.
        environment: {
          SYNC_START_AT: String(t0),
          SYNC_BATCH_LIMIT: '4',
          SYNC_SHARD_BUDGET_SECONDS: '0.001',
        },
      });
      const base = handle.env;
      await seedPhases(base, workload, {
        t0,
        phases: PHASES,
        perPhase: PER_PHASE,
        onPhase: async (phase) => {
          if (phase === 4) await splitOpenShard(base);
          if (phase === 7) await mergeAdjacentShards(base);
        },
      });
      env = await handle.startFc();
      await waitFor(
        'the watermark to pass the written data',
        async () => {
          const manifests = await readManifests(env, JOB);
          return manifests.some((m) => m.window.end >= t0 + PHASES * MINUTE) ? true : undefined;
        },
        100_000,
        500,
      );
    });

    after(async () => {
      await handle?.close();
    });

    it('commits ≥ 10 consecutive one-minute windows with a chained manifest each', async () => {
      const manifests = (await readManifests(env, JOB)).filter((m) => m.window.end <= t0 + PHASES * MINUTE);
      assert.ok(manifests.length >= 10, `${manifests.length} manifests`);
      assert.equal(manifests[0].window.start, t0);
      for (let i = 1; i < manifests.length; i++) {
        assert.equal(manifests[i].window.start, manifests[i - 1].window.end);
        assert.equal(manifests[i].previous.key, manifests[i - 1].key);
      }
      assert.ok(
        manifests.some((m) => m.checkpoints.trimHorizon > 0),
        'a child shard waited for the next window',
      );
      assert.ok(
        manifests.some((m) => m.checkpoints.shardEnd > 0),
        'a parent shard was drained',
      );
    });

    it('the CSV objects read back equal the change log: each change once, per-key order kept', async () => {
      const rows: string[][] = [];
      for (const m of await readManifests(env, JOB)) {
        for (const o of m.objects) {
          const body = await getObject(env, o.key);
          assert.equal(body.length, o.bytes);
          const parsed = parse(body) as string[][];
          assert.equal(parsed.length, o.rows);
          rows.push(...parsed);
        }
      }
      assertChangesOnce(rows, workload.changes);
    });

    it('really delivered events twice and out of order, fired the timer repeatedly, and claimed every window once', async () => {
      const all = await env.fcAdmin.invocations({ limit: 5000 });
      assert.ok(
        all.some((r) => r.deliveries > 1),
        'some async event was delivered twice',
      );
      assert.ok(
        all.some((r) => (r.reorderedByMs ?? 0) > 0),
        'some async event was held back and overtaken',
      );
      const timerFires = all.filter((r) => r.functionName === NAMES.dispatch && r.source === 'timer');
      assert.ok(timerFires.length >= 2, `${timerFires.length} timer fires`);
      const claims = logLines(all.filter((r) => r.functionName === NAMES.dispatch)).filter(
        (l) => l.action === 'claimed',
      ) as { window: { startMillis: number }; epoch: number; requestId: string }[];
      const owners = new Map<number, Set<string>>();
      for (const c of claims)
        owners.set(c.window.startMillis, (owners.get(c.window.startMillis) ?? new Set()).add(c.requestId));
      assert.ok(owners.size >= 10);
      for (const [start, ids] of owners)
        assert.equal(ids.size, 1, `window ${start} claimed by ${[...ids].join(', ')}`);
      assert.ok(
        claims.every((c) => c.epoch === 1),
        'no window was ever re-claimed',
      );
      const shardLines = logLines(all.filter((r) => r.functionName === NAMES.shard));
      const continued = shardLines.filter((l) => l.state === 'continued').length;
      assert.ok(
        continued >= 10,
        `${continued} shard invocations ran out of budget and re-invoked themselves`,
      );
    });
  },
);
