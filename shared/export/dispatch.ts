/**
 * `dispatch` of one window: claim it on the status ledger (lease + epoch), list the stream's
 * shards, record them on the window row and group them by lineage tree — one `exportShardGroup`
 * call per group, so no call ever waits on another.
 */
import { lineageGroups } from '../reader/index.js';
import { claimWindow, readWindow, setWindowShards } from '../status/index.js';
import { afterCommit } from './after-commit.js';
import { windowRef } from './naming.js';
import type { DispatchResult, ExportContext, WindowSpan } from './types.js';

export interface DispatchOptions {
  readonly now: number;
  /** Lease owner (the invocation's request id, or a stable CLI name so a re-run continues its own lease). */
  readonly owner: string;
  readonly retryFailed?: boolean;
}

export async function dispatchWindow(
  ctx: ExportContext,
  window: WindowSpan,
  options: DispatchOptions,
): Promise<DispatchResult> {
  const ref = windowRef(ctx, window);
  const current = await readWindow(ctx.status, ref);
  if (current?.state === 'committed') {
    // A run that crashed right after committing may not have advanced the watermark yet.
    await afterCommit(ctx, window, current.manifestKey!, current.manifestHash!, options.now);
    return { state: 'committed', window };
  }
  const description = await ctx.streams.describeStream(ctx.streamId);
  const listed = description.shards.map((s) => s.shardId).sort();
  const claimed = await claimWindow(ctx.status, ref, {
    owner: options.owner,
    now: options.now,
    leaseMs: ctx.options.leaseMs,
    shards: listed,
    ...(options.retryFailed ? { retryFailed: true } : {}),
  });
  // A continued claim (same owner, lease still held) keeps the shard list it recorded first.
  const shards = claimed.shards ?? listed;
  if (!claimed.shards)
    await setWindowShards(ctx.status, ref, { epoch: claimed.epoch, shards, now: options.now });
  const known = new Set(shards);
  const groups = lineageGroups(description.shards.filter((s) => known.has(s.shardId)));
  ctx.log?.({
    event: 'window.claimed',
    window: { start: window.startMillis, end: window.endMillis },
    epoch: claimed.epoch,
    shards: shards.length,
    groups: groups.length,
  });
  return { state: 'claimed', window, epoch: claimed.epoch, shards, groups };
}
