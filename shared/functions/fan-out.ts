/**
 * The async invocations of one claimed window: one per shard group, at most `speed.concurrent`,
 * then finalize once every shard of the epoch has reported.
 */
import { readShardResults, type WindowRef } from '../status/index.js';
import type { FunctionDeps } from './deps.js';
import type { FinalizeEvent, ShardEvent } from './events.js';

/** Pure: lineage trees packed round-robin into at most `max` invocations (never splitting a tree). */
export function packGroups(groups: readonly (readonly string[])[], max: number): string[][] {
  const count = Math.max(1, Math.min(groups.length, max));
  const packed: string[][] = Array.from({ length: count }, () => []);
  groups.forEach((g, i) => packed[i % count]!.push(...g));
  return packed.filter((p) => p.length > 0);
}

export async function fanOut(
  deps: FunctionDeps,
  run: string,
  window: { start: number; end: number },
  epoch: number,
  groups: readonly (readonly string[])[],
  owner?: string,
): Promise<number> {
  const packed = packGroups(groups, deps.ctx.config.speed.concurrent);
  await Promise.all(
    packed.map((shardIds) => {
      const event: ShardEvent = {
        kind: 'shard',
        ...(deps.job ? { job: deps.job } : {}),
        run,
        window,
        epoch,
        shardIds,
        ...(owner ? { owner } : {}),
        slice: 0,
      };
      return deps.invoker.invokeAsync(deps.names.shard, event);
    }),
  );
  return packed.length;
}

/** Whether every shard in `shards` has written its result for `epoch`. */
export async function allShardsReported(
  deps: FunctionDeps,
  ref: WindowRef,
  epoch: number,
  shards: readonly string[],
): Promise<boolean> {
  const reported = new Set((await readShardResults(deps.ctx.status, ref, epoch)).map((r) => r.shardId));
  return shards.every((id) => reported.has(id));
}

/** Invokes finalize for the window at `epoch` (idempotent: a second invocation commits nothing). */
export async function invokeFinalize(
  deps: FunctionDeps,
  window: { start: number; end: number },
  epoch: number,
): Promise<void> {
  const event: FinalizeEvent = {
    kind: 'finalize',
    ...(deps.job ? { job: deps.job } : {}),
    run: deps.ctx.run,
    window,
    epoch,
  };
  await deps.invoker.invokeAsync(deps.names.finalize, event);
}
