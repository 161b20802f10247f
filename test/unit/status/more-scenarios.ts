/** More backend-independent ledger scenarios: reconcile listing, append positions, listings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EpochMismatchError,
  claimWindow,
  commitWindow,
  listReclaimable,
  listWindows,
  planWindow,
  recordAppendPosition,
  type StatusStore,
  type WindowRef,
} from '../../../shared/status/index.js';
import { LEASE, T0, ref } from './ledger-scenarios.js';

export function defineReconcileScenarios(label: string, store: () => StatusStore): void {
  test(`${label}: windows with expired leases and unclaimed plans are listed for re-driving`, async () => {
    const s = store();
    const job = 'recon-' + Math.random().toString(36).slice(2);
    const [a, b, c, d] = [1, 2, 3, 4].map((i) => ref(job, T0 + i * 300_000)) as [
      WindowRef,
      WindowRef,
      WindowRef,
      WindowRef,
    ];
    const ca = await claimWindow(s, a, { owner: 'x', now: T0, leaseMs: LEASE });
    await commitWindow(s, a, {
      epoch: ca.epoch,
      now: T0,
      manifestKey: 'm',
      manifestHash: 'h',
      rows: 0,
      bytes: 0,
    });
    await claimWindow(s, b, { owner: 'x', now: T0, leaseMs: LEASE });
    await claimWindow(s, c, { owner: 'x', now: T0 + LEASE, leaseMs: LEASE });
    await planWindow(s, d, T0);
    const due = await listReclaimable(s, job, 'live', { now: T0 + LEASE + 1 });
    assert.deepEqual(
      due.map((w) => [w.end, w.state]),
      [
        [b.end, 'claimed'],
        [d.end, 'planned'],
      ],
    );
    assert.deepEqual(
      (await listReclaimable(s, job, 'live', { now: T0 + LEASE + 1, fromEnd: c.end })).map((w) => w.end),
      [d.end],
    );
  });
}

export function defineAppendScenarios(label: string, store: () => StatusStore): void {
  test(`${label}: the append position is recorded once; later epochs get the recorded one back`, async () => {
    const s = store();
    const w = ref('append-' + Math.random().toString(36).slice(2));
    const c1 = await claimWindow(s, w, { owner: 'a', now: T0, leaseMs: LEASE });
    assert.deepEqual(
      await recordAppendPosition(s, w, { epoch: c1.epoch, position: 100, crc64: '7', now: T0 }),
      {
        position: 100,
        crc64: '7',
      },
    );
    // The first finalize appended (object now 150 bytes) and died; the next epoch must not use 150.
    const c2 = await claimWindow(s, w, { owner: 'b', now: T0 + LEASE + 1, leaseMs: LEASE });
    assert.deepEqual(
      await recordAppendPosition(s, w, { epoch: c2.epoch, position: 150, crc64: '8', now: T0 }),
      {
        position: 100,
        crc64: '7',
      },
    );
    await assert.rejects(
      recordAppendPosition(s, w, { epoch: c1.epoch, position: 100, crc64: '7', now: T0 }),
      EpochMismatchError,
    );
  });
}

export function defineListingScenarios(label: string, store: () => StatusStore): void {
  test(`${label}: window listings page through many rows, by range, newest first, with limits`, async () => {
    const s = store();
    const job = 'list-' + Math.random().toString(36).slice(2);
    const ends = Array.from({ length: 130 }, (_, i) => T0 + (i + 1) * 300_000);
    for (const end of ends) await planWindow(s, ref(job, end), T0);
    // Another run and another job must not show up.
    await planWindow(s, ref(job, ends[0] as number, 'bf-x'), T0);
    await planWindow(s, ref(job + 'z', ends[0] as number), T0);
    const all = await listWindows(s, job, 'live');
    assert.deepEqual(
      all.map((w) => w.end),
      ends,
    );
    const mid = await listWindows(s, job, 'live', { fromEnd: ends[10], toEnd: ends[20] });
    assert.deepEqual(
      mid.map((w) => w.end),
      ends.slice(10, 20),
      '[fromEnd, toEnd)',
    );
    const newest = await listWindows(s, job, 'live', { reverse: true, limit: 5 });
    assert.deepEqual(
      newest.map((w) => w.end),
      ends.slice(-5).reverse(),
    );
    const before = await listWindows(s, job, 'live', { toEnd: ends[3], reverse: true });
    assert.deepEqual(
      before.map((w) => w.end),
      ends.slice(0, 3).reverse(),
      'reverse includes the range start',
    );
  });
}
