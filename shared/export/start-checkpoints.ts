/**
 * Where each shard starts in a window: the checkpoints the previous window of this run committed
 * (our shard results), else — live run only — a complete set of DataX checkpoint rows at the
 * window start (hand-over from a DataWorks job), else none (every shard seeks by timestamp).
 */
import { LineageError } from '../reader/index.js';
import {
  LIVE_RUN,
  SHARD_END,
  TRIM_HORIZON,
  readCompleteDataxCheckpoints,
  readShardResults,
  readWindow,
} from '../status/index.js';
import type { ExportContext, WindowSpan } from './types.js';

export interface StartCheckpoints {
  readonly source: 'chain' | 'datax' | 'seek';
  /** shardId → checkpoint; a listed shard without one starts by seek (`seek`) or at TRIM_HORIZON. */
  readonly checkpoints: ReadonlyMap<string, string>;
}

async function previous(ctx: ExportContext, w: WindowSpan): Promise<StartCheckpoints> {
  const ref = { job: ctx.config.name, run: ctx.run, start: NaN, end: w.startMillis };
  const prev = await readWindow(ctx.status, ref);
  if (prev?.state === 'committed') {
    const results = await readShardResults(ctx.status, { ...ref, start: prev.start }, prev.epoch);
    return { source: 'chain', checkpoints: new Map(results.map((r) => [r.shardId, r.checkpoint])) };
  }
  if (ctx.run === LIVE_RUN) {
    const datax = await readCompleteDataxCheckpoints(ctx.status, ctx.streamId, w.startMillis);
    if (datax)
      return { source: 'datax', checkpoints: new Map([...datax].map(([id, cp]) => [id, cp.checkpoint])) };
  }
  return { source: 'seek', checkpoints: new Map() };
}

/** The start checkpoint of every listed shard (undefined = timestamp seek). */
export async function startCheckpoints(
  ctx: ExportContext,
  w: WindowSpan,
  listed: readonly string[],
): Promise<{ source: StartCheckpoints['source']; of: (shardId: string) => string | undefined }> {
  const found = await previous(ctx, w);
  if (found.source !== 'seek') {
    const now = new Set(listed);
    for (const [shardId, cp] of found.checkpoints) {
      if (!now.has(shardId) && cp !== SHARD_END) {
        throw new LineageError(
          `shard ${shardId} stopped at a checkpoint in the previous window but no longer exists; its records after that point may be lost`,
        );
      }
    }
  }
  return {
    source: found.source,
    of: (id) => found.checkpoints.get(id) ?? (found.source === 'seek' ? undefined : TRIM_HORIZON),
  };
}
