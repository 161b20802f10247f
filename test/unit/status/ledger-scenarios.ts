/**
 * Ledger behaviours every StatusStore backend must give; registered once against the in-memory
 * store (unit) and once against the local Tablestore server through the real SDK (integration).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EpochMismatchError,
  LeaseLostError,
  WatermarkConflictError,
  WindowCommittedError,
  advanceWatermark,
  assertEpoch,
  claimWindow,
  commitWindow,
  failWindow,
  listWindows,
  loadProgress,
  readShardResults,
  readWatermark,
  readWindow,
  renewLease,
  saveProgress,
  writeShardResult,
  clearProgress,
  createBackfill,
  updateBackfill,
  listBackfills,
  BackfillExistsError,
  WindowFailedError,
  type ShardResultRecord,
  type StatusStore,
  type WindowRef,
} from '../../../shared/status/index.js';

export const T0 = 1_764_000_000_000;
export const LEASE = 60_000;

export function ref(job = 'orders', end = T0 + 300_000, run = 'live'): WindowRef {
  return { job, run, start: end - 300_000, end };
}

function result(shardId: string, epoch: number, rows = 3): ShardResultRecord {
  return {
    shardId,
    epoch,
    checkpoint: `iter-${shardId}-${epoch}`,
    rows,
    late: 0,
    dirty: 0,
    bytes: rows * 10,
    partials: [{ key: `staging/${shardId}/part-00000`, rows, bytes: rows * 10, crc64: '123' }],
    updatedAt: T0,
  };
}

export function defineLedgerScenarios(label: string, store: () => StatusStore): void {
  test(`${label}: two concurrent claims of a free window — exactly one wins`, async () => {
    const s = store();
    const w = ref('race-' + Math.random().toString(36).slice(2));
    const outcomes = await Promise.allSettled([
      claimWindow(s, w, { owner: 'a', now: T0, leaseMs: LEASE }),
      claimWindow(s, w, { owner: 'b', now: T0, leaseMs: LEASE }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok((lost[0] as PromiseRejectedResult).reason instanceof LeaseLostError);
    const stored = await readWindow(s, w);
    assert.equal(stored?.epoch, 1);
    assert.equal(
      stored?.leaseOwner,
      (won[0] as PromiseFulfilledResult<{ leaseOwner: string }>).value.leaseOwner,
    );
  });

  test(`${label}: concurrent re-claims of an expired lease — exactly one bumps the epoch`, async () => {
    const s = store();
    const w = ref('reclaim-' + Math.random().toString(36).slice(2));
    await claimWindow(s, w, { owner: 'first', now: T0, leaseMs: LEASE });
    const later = T0 + LEASE + 1;
    const outcomes = await Promise.allSettled(
      ['x', 'y', 'z'].map((owner) => claimWindow(s, w, { owner, now: later, leaseMs: LEASE })),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) if (o.status === 'rejected') assert.ok(o.reason instanceof LeaseLostError);
    assert.equal((await readWindow(s, w))?.epoch, 2);
  });

  test(`${label}: an unexpired lease held by another owner is refused; the holder may renew`, async () => {
    const s = store();
    const w = ref('held-' + Math.random().toString(36).slice(2));
    const mine = await claimWindow(s, w, { owner: 'holder', now: T0, leaseMs: LEASE });
    await assert.rejects(
      claimWindow(s, w, { owner: 'other', now: T0 + 10, leaseMs: LEASE }),
      (err: unknown) => {
        assert.ok(err instanceof LeaseLostError);
        assert.equal(err.heldBy, 'holder');
        return true;
      },
    );
    const again = await claimWindow(s, w, { owner: 'holder', now: T0 + 20, leaseMs: LEASE });
    assert.equal(again.epoch, mine.epoch, 'a duplicate claim by the holder changes nothing');
    const expires = await renewLease(s, w, {
      owner: 'holder',
      epoch: mine.epoch,
      now: T0 + 30,
      leaseMs: LEASE,
    });
    assert.equal(expires, T0 + 30 + LEASE);
    await assert.rejects(
      renewLease(s, w, { owner: 'other', epoch: mine.epoch, now: T0 + 40, leaseMs: LEASE }),
      LeaseLostError,
    );
  });

  test(`${label}: a stale epoch's shard result and commit are rejected after a re-claim`, async () => {
    const s = store();
    const w = ref('stale-' + Math.random().toString(36).slice(2));
    const e1 = await claimWindow(s, w, { owner: 'a', now: T0, leaseMs: LEASE, shards: ['s1', 's2'] });
    const e2 = await claimWindow(s, w, { owner: 'b', now: T0 + LEASE + 1, leaseMs: LEASE });
    assert.equal(e2.epoch, e1.epoch + 1);
    assert.deepEqual(e2.shards, ['s1', 's2'], 'the shard list carries over to the new epoch');
    await assert.rejects(writeShardResult(s, w, result('s1', e1.epoch)), EpochMismatchError);
    await assert.rejects(assertEpoch(s, w, e1.epoch), EpochMismatchError);
    const first = await writeShardResult(s, w, result('s1', e2.epoch, 5));
    assert.equal(first.duplicate, false);
    const dup = await writeShardResult(s, w, result('s1', e2.epoch, 99));
    assert.equal(dup.duplicate, true);
    assert.equal(dup.stored.rows, 5, 'the first result of an epoch is kept');
    const commit = { now: T0 + LEASE + 5, manifestKey: 'm/1.json', manifestHash: 'h1', rows: 5, bytes: 50 };
    await assert.rejects(commitWindow(s, w, { ...commit, epoch: e1.epoch }), EpochMismatchError);
    assert.deepEqual(
      (await readShardResults(s, w, e2.epoch)).map((r) => [r.shardId, r.rows]),
      [['s1', 5]],
    );
  });

  test(`${label}: five concurrent finalizes commit once; the watermark advances once`, async () => {
    const s = store();
    const job = 'final-' + Math.random().toString(36).slice(2);
    const w = ref(job);
    const claim = await claimWindow(s, w, { owner: 'd', now: T0, leaseMs: LEASE });
    const info = {
      epoch: claim.epoch,
      now: T0 + 1,
      manifestKey: 'm/1.json',
      manifestHash: 'abc',
      rows: 7,
      bytes: 70,
    };
    const commits = await Promise.all(Array.from({ length: 5 }, () => commitWindow(s, w, info)));
    assert.equal(commits.filter((c) => !c.alreadyCommitted).length, 1);
    assert.equal((await readWindow(s, w))?.state, 'committed');
    await assert.rejects(
      claimWindow(s, w, { owner: 'late', now: T0 + 10 * LEASE, leaseMs: LEASE }),
      WindowCommittedError,
    );
    const adv = { from: null, to: w.end, manifestKey: 'm/1.json', manifestHash: 'abc', now: T0 + 2 };
    const advances = await Promise.all(
      Array.from({ length: 5 }, () => advanceWatermark(s, job, 'live', adv)),
    );
    assert.equal(advances.filter((a) => a.advanced).length, 1);
    const mark = await readWatermark(s, job, 'live');
    assert.equal(mark?.watermark, w.end);
    assert.equal(mark?.seq, 1);
    // The next window advances from this end; a window out of order conflicts.
    await assert.rejects(
      advanceWatermark(s, job, 'live', {
        ...adv,
        from: w.end + 300_000,
        to: w.end + 600_000,
        manifestHash: 'x',
      }),
      WatermarkConflictError,
    );
    const next = await advanceWatermark(s, job, 'live', {
      ...adv,
      from: w.end,
      to: w.end + 300_000,
      manifestHash: 'def',
    });
    assert.equal(next.advanced, true);
    assert.equal(next.record.seq, 2);
  });

  test(`${label}: two jobs share one status table without collisions`, async () => {
    const s = store();
    const suffix = Math.random().toString(36).slice(2);
    const a = ref('jobA-' + suffix);
    const b = ref('jobB-' + suffix);
    const ca = await claimWindow(s, a, { owner: 'a', now: T0, leaseMs: LEASE });
    const cb = await claimWindow(s, b, { owner: 'b', now: T0, leaseMs: LEASE });
    assert.equal(ca.epoch, 1);
    assert.equal(cb.epoch, 1);
    await writeShardResult(s, a, result('s1', 1, 1));
    await writeShardResult(s, b, result('s1', 1, 2));
    await commitWindow(s, a, { epoch: 1, now: T0, manifestKey: 'a', manifestHash: 'ha', rows: 1, bytes: 10 });
    assert.equal((await readWindow(s, b))?.state, 'claimed', "committing job A leaves job B's window alone");
    assert.deepEqual(
      (await readShardResults(s, a)).map((r) => r.rows),
      [1],
    );
    assert.deepEqual(
      (await readShardResults(s, b)).map((r) => r.rows),
      [2],
    );
    await advanceWatermark(s, a.job, 'live', {
      from: null,
      to: a.end,
      manifestKey: 'a',
      manifestHash: 'ha',
      now: T0,
    });
    assert.equal(await readWatermark(s, b.job, 'live'), undefined);
    // A backfill run of job A is a separate chain.
    const bf = ref(a.job, a.end, 'bf-1');
    assert.equal((await claimWindow(s, bf, { owner: 'x', now: T0, leaseMs: LEASE })).epoch, 1);
    assert.deepEqual(
      (await listWindows(s, a.job, 'live')).map((x) => x.state),
      ['committed'],
    );
    assert.deepEqual(
      (await listWindows(s, a.job, 'bf-1')).map((x) => x.state),
      ['claimed'],
    );
  });

  test(`${label}: a failed window keeps its lost range and is not re-claimed silently`, async () => {
    const s = store();
    const w = ref('fail-' + Math.random().toString(36).slice(2));
    const c = await claimWindow(s, w, { owner: 'a', now: T0, leaseMs: LEASE });
    const lost = { shardId: 's9', from: w.start, to: w.start + 1234 };
    await failWindow(s, w, {
      epoch: c.epoch,
      now: T0 + 1,
      error: { code: 'STREAM_TRIMMED', message: 'trimmed' },
      lost,
    });
    const stored = await readWindow(s, w);
    assert.equal(stored?.state, 'failed');
    assert.deepEqual(stored?.lost, lost);
    await assert.rejects(claimWindow(s, w, { owner: 'b', now: T0 + 2, leaseMs: LEASE }), WindowFailedError);
    const retry = await claimWindow(s, w, { owner: 'b', now: T0 + 2, leaseMs: LEASE, retryFailed: true });
    assert.equal(retry.epoch, c.epoch + 1);
    assert.equal(retry.lost, undefined);
  });

  test(`${label}: saved progress resumes, and an older epoch cannot overwrite it`, async () => {
    const s = store();
    const w = ref('prog-' + Math.random().toString(36).slice(2));
    const upload = { key: 'staging/p', uploadId: 'U1', parts: [{ partNumber: 1, etag: '"E"', size: 5 }] };
    const p = {
      shardId: 's1',
      epoch: 2,
      iterator: 'it-7',
      upload,
      rows: 10,
      late: 1,
      dirty: 0,
      slices: 1,
      updatedAt: T0,
    };
    await saveProgress(s, w, p);
    assert.deepEqual(await loadProgress(s, w, 's1'), p);
    await saveProgress(s, w, { ...p, iterator: 'it-9', slices: 2 });
    assert.equal((await loadProgress(s, w, 's1'))?.iterator, 'it-9');
    await assert.rejects(saveProgress(s, w, { ...p, epoch: 1 }), EpochMismatchError);
    await clearProgress(s, w, 's1', 1);
    assert.ok(await loadProgress(s, w, 's1'), 'an older epoch does not clear newer progress');
    await clearProgress(s, w, 's1', 2);
    assert.equal(await loadProgress(s, w, 's1'), undefined);
  });

  test(`${label}: backfill records are created once and updated by compare-and-set`, async () => {
    const s = store();
    const job = 'bf-' + Math.random().toString(36).slice(2);
    const rec = {
      id: 'b1',
      from: T0,
      to: T0 + 900_000,
      windowMs: 300_000,
      prefix: 'backfill/b1/',
      dryRun: false,
      state: 'active' as const,
      windowsPlanned: 3,
      windowsDone: 0,
      windowsFailed: 0,
      rows: 0,
      bytes: 0,
      seq: 0,
      createdAt: T0,
      updatedAt: T0,
    };
    await createBackfill(s, job, rec);
    await assert.rejects(createBackfill(s, job, rec), BackfillExistsError);
    const bumps = await Promise.all(
      [1, 2, 3].map(() =>
        updateBackfill(s, job, 'b1', (r) => ({ ...r, windowsDone: r.windowsDone + 1 }), T0 + 5, 10),
      ),
    );
    assert.equal(bumps.length, 3);
    const [stored] = await listBackfills(s, job);
    assert.equal(stored?.windowsDone, 3, 'no update was lost');
    assert.equal(stored?.seq, 3);
  });
}
