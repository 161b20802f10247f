/**
 * shard: export one invocation's shards of a window under its epoch. Stops before the time budget
 * runs out (progress saved by the engine) and re-invokes itself for the rest; the invocation that
 * finds every shard result of the epoch in invokes finalize (several may: finalize is idempotent).
 * A stale or duplicate invocation writes nothing: the engine's writes are conditional on the epoch,
 * and progress on the slice (a duplicate delivery of a slice that another copy saved stops quietly).
 */
import { exportShardGroup, isDataFailure, recordDataFailure, windowRef } from '../export/index.js';
import { LeaseLostError, ProgressConflictError, readWindow, renewLease } from '../status/index.js';
import type { FunctionDeps } from './deps.js';
import { spanOf, type ShardEvent } from './events.js';
import { allShardsReported, invokeFinalize } from './fan-out.js';

export interface ShardInput {
  readonly now: number;
  /** Epoch ms by which this invocation must have saved its progress and returned. */
  readonly deadline: number;
  readonly clock?: () => number;
}

export type ShardOutcomeSummary =
  | { readonly state: 'continued'; readonly slice: number; readonly rows: number }
  | { readonly state: 'done'; readonly rows: number; readonly finalizeInvoked: boolean }
  | { readonly state: 'stale'; readonly reason: string }
  /** A duplicate delivery of this slice saved its progress first and carries on: nothing sent. */
  | { readonly state: 'duplicate'; readonly reason: string }
  | { readonly state: 'failed'; readonly code: string; readonly message: string };

/** Keep this much of the function timeout for saving progress and re-invoking. */
const BUDGET_MARGIN_MS = 15_000;

/** Deadline from the remaining time, capped by `SYNC_SHARD_BUDGET_SECONDS` if set. */
export function shardDeadline(now: number, remainingMs: number, budgetSeconds: string | undefined): number {
  const margin = Math.min(BUDGET_MARGIN_MS, remainingMs / 4);
  const cap = Number(budgetSeconds);
  const budget =
    Number.isFinite(cap) && cap > 0 ? Math.min(cap * 1000, remainingMs - margin) : remainingMs - margin;
  return now + Math.max(0, budget);
}

export async function runShard(
  deps: FunctionDeps,
  event: ShardEvent,
  input: ShardInput,
): Promise<ShardOutcomeSummary> {
  const { ctx } = deps;
  const window = spanOf(event.window);
  const ref = windowRef(ctx, window);
  if (event.owner) {
    // Work in progress keeps the window's lease: only a lost invocation lets it expire.
    try {
      await renewLease(ctx.status, ref, {
        owner: event.owner,
        epoch: event.epoch,
        now: input.now,
        leaseMs: ctx.options.leaseMs,
      });
    } catch (err) {
      if (err instanceof LeaseLostError) return { state: 'stale', reason: err.message };
      throw err;
    }
  }
  let result;
  try {
    result = await exportShardGroup(ctx, {
      window,
      epoch: event.epoch,
      shardIds: event.shardIds,
      deadline: input.deadline,
      ...(input.clock ? { clock: input.clock } : {}),
    });
  } catch (err) {
    if (err instanceof ProgressConflictError) return { state: 'duplicate', reason: err.message };
    if (!isDataFailure(err)) throw err;
    await recordDataFailure(ctx, window, event.epoch, err, input.now);
    return { state: 'failed', code: err.code, message: err.message };
  }
  const rows = result.shards.reduce((n, s) => n + s.rows, 0);
  const record = await readWindow(ctx.status, ref);
  // Re-claimed meanwhile (a lost invocation re-driven): this epoch can commit nothing, stop here.
  if (record?.state !== 'claimed' || record.epoch !== event.epoch)
    return {
      state: 'stale',
      reason: `window is ${record?.state ?? 'missing'} at epoch ${record?.epoch ?? '-'}`,
    };
  if (!result.done) {
    await deps.invoker.invokeAsync(deps.names.shard, { ...event, slice: event.slice + 1 });
    return { state: 'continued', slice: event.slice + 1, rows };
  }
  const complete = await allShardsReported(deps, ref, event.epoch, record.shards ?? []);
  if (complete) await invokeFinalize(deps, event.window, event.epoch);
  return { state: 'done', rows, finalizeInvoked: complete };
}
