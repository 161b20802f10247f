import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LineageError,
  SHARD_END,
  TRIM_HORIZON,
  lineageGroups,
  lineageStep,
  shardState,
  type LineageShard,
} from '../../../shared/reader/index.js';

// s1 split into s3, s4; s2 and s4 merged into s5; s6 unrelated.
const SHARDS: LineageShard[] = [
  { shardId: 's1' },
  { shardId: 's2' },
  { shardId: 's3', parentId: 's1' },
  { shardId: 's4', parentId: 's1' },
  { shardId: 's5', parentId: 's4', parentSiblingId: 's2' },
  { shardId: 's6' },
];
const byId = new Map(SHARDS.map((s) => [s.shardId, s]));
const state = (id: string, ends: Record<string, string>) =>
  shardState(id, byId, new Map(Object.entries(ends)));

describe('shardState (DataX SKIP / BLOCK / READY)', () => {
  it('a shard without parents is READY; with an end checkpoint it is done', () => {
    assert.equal(state('s1', {}), 'READY');
    assert.equal(state('s1', { s1: SHARD_END }), 'DONE_REACH_END');
    assert.equal(state('s1', { s1: 'iter' }), 'DONE_NOT_END');
  });

  it('children wait while a parent is being read', () => {
    assert.equal(state('s3', {}), 'BLOCK');
    assert.equal(state('s5', {}), 'BLOCK');
  });

  it('children are READY once every parent reached SHARD_END in this window', () => {
    assert.equal(state('s3', { s1: SHARD_END }), 'READY');
    assert.equal(state('s5', { s1: SHARD_END, s2: SHARD_END }), 'BLOCK', 's4 still to be read');
    assert.equal(state('s5', { s1: SHARD_END, s2: SHARD_END, s4: SHARD_END }), 'READY');
  });

  it('children are skipped when a parent stopped before its end (boundary or caught up)', () => {
    assert.equal(state('s3', { s1: 'iter' }), 'SKIP');
    assert.equal(state('s5', { s1: 'iter' }), 'SKIP', 'grandparent stopped: s4 is skipped, so s5 is too');
    assert.equal(state('s5', { s1: SHARD_END, s4: SHARD_END, s2: 'iter' }), 'SKIP');
    assert.equal(state('s3', { s1: TRIM_HORIZON }), 'SKIP');
  });

  it('a parent missing from the listing counts as drained', () => {
    assert.equal(shardState('c', new Map([['c', { shardId: 'c', parentId: 'gone' }]]), new Map()), 'READY');
  });
});

describe('lineageStep', () => {
  it('returns the ready and skipped shards, sorted, ignoring running and finished ones', () => {
    const step = lineageStep(['s6', 's3', 's1', 's2', 's4', 's5'], byId, new Map(), new Set(['s2']));
    assert.deepEqual(step, { ready: ['s1', 's6'], skip: [], blocked: ['s3', 's4', 's5'] });
    const next = lineageStep(
      ['s3', 's4', 's5'],
      byId,
      new Map([
        ['s1', 'iter'],
        ['s2', SHARD_END],
      ]),
      new Set(),
    );
    assert.deepEqual(next, { ready: [], skip: ['s3', 's4', 's5'], blocked: [] });
  });

  it('fails loudly instead of waiting forever on a shard nothing can classify', () => {
    assert.throws(() => lineageStep(['ghost'], new Map(), new Map(), new Set()), LineageError);
  });

  it('fails loudly when shards wait on parents nothing is reading', () => {
    const orphans = new Map<string, LineageShard>([
      ['c', { shardId: 'c', parentId: 'p' }],
      ['p', { shardId: 'p' }],
    ]);
    assert.throws(() => lineageStep(['c'], orphans, new Map(), new Set()), LineageError);
  });
});

describe('lineageGroups', () => {
  it('groups shards by lineage tree, in shard-id order', () => {
    assert.deepEqual(lineageGroups(SHARDS), [['s1', 's2', 's3', 's4', 's5'], ['s6']]);
  });

  it('keeps unrelated shards apart and links children to listed parents only', () => {
    assert.deepEqual(lineageGroups([{ shardId: 'b' }, { shardId: 'a', parentId: 'trimmed' }]), [
      ['a'],
      ['b'],
    ]);
  });
});
