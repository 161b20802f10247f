/**
 * `shard`: exports one lineage group of a window under an epoch. Shards start when DataX's
 * lineage rules say READY (parents drained in this window), SKIP ones get `TRIM_HORIZON` for the
 * next window, shards already at SHARD_END are carried over unread. Independent shards run in
 * parallel up to the limiter's concurrency. Stops scheduling once a shard suspends (budget).
 */
import pLimit, { type LimitFunction } from 'p-limit';
import { lineageStep, type LineageShard } from '../reader/index.js';
import { ProgressConflictError, SHARD_END, TRIM_HORIZON, readShardResults } from '../status/index.js';
import { windowRef } from './naming.js';
import { exportShard, writeUnreadResult } from './shard-export.js';
import { startCheckpoints } from './start-checkpoints.js';
import type { ExportContext, ShardGroupInput, ShardGroupResult, ShardOutcome } from './types.js';

export interface ShardGroupDeps {
  /** Shared concurrency limit (default: `speed.concurrent` for this group alone). */
  readonly limit?: LimitFunction;
}

export async function exportShardGroup(
  ctx: ExportContext,
  input: ShardGroupInput,
  deps: ShardGroupDeps = {},
): Promise<ShardGroupResult> {
  const { window, epoch } = input;
  const limit = deps.limit ?? pLimit(ctx.config.speed.concurrent);
  const description = await ctx.streams.describeStream(ctx.streamId);
  const lineage = new Map<string, LineageShard>(description.shards.map((s) => [s.shardId, s]));
  // A shard listed at dispatch but gone now is still read: either it has nothing left (SHARD_END)
  // or the read fails loudly with the data the stream trimmed.
  for (const id of input.shardIds) if (!lineage.has(id)) lineage.set(id, { shardId: id });
  const starts = await startCheckpoints(
    ctx,
    window,
    description.shards.map((s) => s.shardId),
  );

  // End checkpoints known so far: results already written under this epoch (a resumed group).
  const ends = new Map<string, string>();
  const outcomes = new Map<string, ShardOutcome>();
  for (const r of await readShardResults(ctx.status, windowRef(ctx, window), epoch)) {
    ends.set(r.shardId, r.checkpoint);
    outcomes.set(r.shardId, {
      shardId: r.shardId,
      state: 'done',
      checkpoint: r.checkpoint,
      rows: r.rows,
      late: r.late,
      dirty: r.dirty,
      bytes: r.bytes,
    });
  }
  const pending = new Set(input.shardIds.filter((id) => !ends.has(id)));
  for (const id of [...pending]) {
    if (starts.of(id) === SHARD_END) {
      outcomes.set(id, await writeUnreadResult(ctx, window, epoch, id, SHARD_END));
      ends.set(id, SHARD_END);
      pending.delete(id);
    }
  }

  const running = new Map<string, Promise<void>>();
  let suspended = false;
  let failure: unknown;
  let overtaken: ProgressConflictError | undefined;
  while (pending.size > 0 && !suspended && failure === undefined) {
    const step = lineageStep(pending, lineage, ends, new Set(running.keys()));
    for (const id of step.skip) {
      outcomes.set(id, await writeUnreadResult(ctx, window, epoch, id, TRIM_HORIZON));
      ends.set(id, TRIM_HORIZON);
      pending.delete(id);
    }
    for (const id of step.ready) {
      pending.delete(id);
      const task = limit(() =>
        exportShard(ctx, {
          window,
          epoch,
          shardId: id,
          checkpoint: starts.of(id),
          ...(input.deadline !== undefined ? { deadline: input.deadline } : {}),
          ...(input.clock ? { clock: input.clock } : {}),
        }),
      )
        .then(
          (outcome) => {
            outcomes.set(id, outcome);
            if (outcome.state === 'suspended') suspended = true;
            else ends.set(id, outcome.checkpoint!);
          },
          (err: unknown) => {
            // A duplicate delivery saved this shard's slice first and carries it on: stop
            // scheduling, like a budget stop, without this attempt's state for that shard.
            if (err instanceof ProgressConflictError) {
              overtaken ??= err;
              suspended = true;
            } else failure ??= err;
          },
        )
        .finally(() => running.delete(id));
      running.set(id, task);
    }
    if (step.skip.length > 0 && step.ready.length === 0) continue;
    if (running.size > 0) await Promise.race(running.values());
  }
  await Promise.all(running.values());
  if (failure !== undefined) throw failure;
  // Overtaken and nothing of ours saved to resume from: the twin carries the whole group on. Having
  // saved some shards' progress, this attempt continues too (the next slice resumes every shard
  // from whichever copy saved it).
  if (overtaken && ![...outcomes.values()].some((o) => o.state === 'suspended')) throw overtaken;
  const shards = input.shardIds
    .map((id) => outcomes.get(id))
    .filter((o): o is ShardOutcome => o !== undefined);
  return {
    done:
      !suspended && shards.length === input.shardIds.length && shards.every((s) => s.state !== 'suspended'),
    shards,
  };
}
