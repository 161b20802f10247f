/**
 * Shard lineage as pure functions (DataX ShardStatusChecker, reference datax-otsstream.md §2.3):
 * a child is read only after its parent(s) reached SHARD_END in the same window; if a parent
 * stopped at the window boundary the child is skipped with `TRIM_HORIZON` for the next window.
 * Per-key order then holds across splits and merges.
 */
import { SHARD_END } from '../status/index.js';
import { LineageError } from './errors.js';

export interface LineageShard {
  readonly shardId: string;
  readonly parentId?: string;
  readonly parentSiblingId?: string;
}

/**
 * DONE_REACH_END / DONE_NOT_END: the shard has its end checkpoint (SHARD_END / anything else);
 * READY: may be read now; BLOCK: a parent is still being read; SKIP: a parent stopped before its
 * end, so this shard starts at TRIM_HORIZON next window.
 */
export type ShardState = 'READY' | 'BLOCK' | 'SKIP' | 'DONE_REACH_END' | 'DONE_NOT_END';

/**
 * The state of `shardId` given the listed shards and the end checkpoints known so far. A shard
 * (or parent) missing from the listing counts as drained (DataX: expired or consumed).
 */
export function shardState(
  shardId: string,
  shards: ReadonlyMap<string, LineageShard>,
  endCheckpoints: ReadonlyMap<string, string>,
  memo: Map<string, ShardState> = new Map(),
): ShardState {
  const known = memo.get(shardId);
  if (known) return known;
  let state: ShardState;
  const shard = shards.get(shardId);
  const checkpoint = endCheckpoints.get(shardId);
  if (!shard) state = 'DONE_REACH_END';
  else if (checkpoint !== undefined) state = checkpoint === SHARD_END ? 'DONE_REACH_END' : 'DONE_NOT_END';
  else {
    const parents = [shard.parentId, shard.parentSiblingId].map((p) =>
      p === undefined ? 'DONE_REACH_END' : shardState(p, shards, endCheckpoints, memo),
    );
    if (parents.some((s) => s === 'SKIP' || s === 'DONE_NOT_END')) state = 'SKIP';
    else if (parents.some((s) => s === 'BLOCK' || s === 'READY')) state = 'BLOCK';
    else state = 'READY';
  }
  memo.set(shardId, state);
  return state;
}

export interface LineageStep {
  /** Shards that may be read now (sorted). */
  readonly ready: string[];
  /** Shards to give `TRIM_HORIZON` at this window's end without reading (sorted). */
  readonly skip: string[];
  /** Shards waiting on a parent that is still being read. */
  readonly blocked: string[];
}

/** What to do next with the shards of `pending` (not started, no end checkpoint yet). */
export function lineageStep(
  pending: Iterable<string>,
  shards: ReadonlyMap<string, LineageShard>,
  endCheckpoints: ReadonlyMap<string, string>,
  running: ReadonlySet<string>,
): LineageStep {
  const memo = new Map<string, ShardState>();
  const ready: string[] = [];
  const skip: string[] = [];
  const blocked: string[] = [];
  for (const id of [...pending].sort()) {
    if (running.has(id) || endCheckpoints.has(id)) continue;
    const state = shardState(id, shards, endCheckpoints, memo);
    if (state === 'READY') ready.push(id);
    else if (state === 'SKIP') skip.push(id);
    else if (state === 'BLOCK') blocked.push(id);
  }
  if (ready.length === 0 && skip.length === 0 && running.size === 0) {
    const waiting = [...pending].filter((id) => !endCheckpoints.has(id));
    if (waiting.length > 0) {
      throw new LineageError(
        `shards ${waiting.sort().join(', ')} wait on parents that are neither read nor finished in this window`,
      );
    }
  }
  return { ready, skip, blocked };
}

/**
 * Shards grouped by lineage tree (connected by parent / sibling links among the listed shards):
 * one group never waits on another. Groups and their members in shard-id order.
 */
export function lineageGroups(shards: readonly LineageShard[]): string[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const s of shards) parent.set(s.shardId, s.shardId);
  for (const s of shards) {
    for (const p of [s.parentId, s.parentSiblingId])
      if (p !== undefined && parent.has(p)) union(s.shardId, p);
  }
  const groups = new Map<string, string[]>();
  for (const s of shards) {
    const root = find(s.shardId);
    const list = groups.get(root) ?? [];
    list.push(s.shardId);
    groups.set(root, list);
  }
  return [...groups.values()].map((g) => g.sort()).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}
