/**
 * Saved progress is compare-and-set on its slice counter, so a duplicate delivery of one shard
 * slice cannot save over the copy that saved first. Registered against the in-memory store (unit)
 * and the local Tablestore server through the real SDK (integration).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  EpochMismatchError,
  ProgressConflictError,
  clearProgress,
  loadProgress,
  saveProgress,
  type ShardProgressRecord,
  type StatusStore,
} from '../../../shared/status/index.js';
import { T0, ref } from './ledger-scenarios.js';

function progress(epoch: number, slices: number, iterator: string): ShardProgressRecord {
  return {
    shardId: 's1',
    epoch,
    iterator,
    upload: { parts: [{ key: `staging/${iterator}`, rows: slices }] },
    rows: 10 * slices,
    late: 0,
    dirty: 0,
    slices,
    updatedAt: T0 + slices,
  };
}

function conflictAt(found: number | undefined) {
  return (err: unknown) => {
    assert.ok(err instanceof ProgressConflictError, String(err));
    assert.equal(err.code, 'PROGRESS_CONFLICT');
    assert.equal(err.found, found);
    return true;
  };
}

export function defineProgressScenarios(label: string, store: () => StatusStore): void {
  test(`${label}: progress saves only from the slice before; a loser changes nothing`, async () => {
    const s = store();
    const w = ref('slice-' + Math.random().toString(36).slice(2));
    await saveProgress(s, w, progress(1, 1, 'a1'));
    // A duplicate of slice 1 (same epoch) after the first copy saved.
    await assert.rejects(saveProgress(s, w, progress(1, 1, 'b1')), conflictAt(1));
    await saveProgress(s, w, progress(1, 2, 'a2'));
    await assert.rejects(saveProgress(s, w, progress(1, 2, 'b2')), conflictAt(2));
    await assert.rejects(saveProgress(s, w, progress(1, 4, 'skip')), conflictAt(2));
    assert.deepEqual(await loadProgress(s, w, 's1'), progress(1, 2, 'a2'), 'the losers wrote nothing');
    // A newer epoch starts at slice 1 over the old epoch's row; the old epoch is then stale.
    await saveProgress(s, w, progress(2, 1, 'e2'));
    await assert.rejects(saveProgress(s, w, progress(1, 3, 'a3')), EpochMismatchError);
    // The shard finished (result written, progress cleared): a late duplicate cannot revive it.
    await clearProgress(s, w, 's1', 2);
    await assert.rejects(saveProgress(s, w, progress(2, 2, 'late')), conflictAt(undefined));
    assert.equal(await loadProgress(s, w, 's1'), undefined);
  });

  test(`${label}: two concurrent savers of the same slice — exactly one wins`, async () => {
    const s = store();
    for (const slice of [1, 2, 3]) {
      const w = ref('slice-race-' + Math.random().toString(36).slice(2));
      for (let n = 1; n < slice; n++) await saveProgress(s, w, progress(1, n, `before-${n}`));
      const copies = ['x', 'y'].map((c) => progress(1, slice, `${c}${slice}`));
      const settled = await Promise.allSettled(copies.map((p) => saveProgress(s, w, p)));
      const won = settled.flatMap((r, i) => (r.status === 'fulfilled' ? [copies[i]!] : []));
      const lost = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      assert.equal(won.length, 1, `slice ${slice}: ${settled.map((r) => r.status).join()}`);
      assert.equal(lost.length, 1);
      conflictAt(slice)(lost[0]);
      assert.deepEqual(await loadProgress(s, w, 's1'), won[0], 'the stored row is the winner’s');
    }
  });
}
