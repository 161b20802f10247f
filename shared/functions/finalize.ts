/**
 * finalize: merge, manifest, commit (the engine's `finalizeWindow`, idempotent: invoked twice or
 * concurrently it commits once). Then, if another window of the run is due, it invokes dispatch
 * right away instead of waiting for the next timer tick. FC's destination envelope (a shard
 * invocation that failed all its retries) is logged: the reconciler re-drives that window when
 * its lease runs out.
 */
import { finalizeWindow, isDataFailure, recordDataFailure, type FinalizeResult } from '../export/index.js';
import { EpochMismatchError, LIVE_RUN } from '../status/index.js';
import { refreshBackfillProgress, nextWindowOf } from './backfill-run.js';
import type { FunctionDeps } from './deps.js';
import { nextLiveWindow } from './dispatch.js';
import { spanOf, type ContinueEvent, type Envelope, type FinalizeEvent } from './events.js';

export type FinalizeOutcome =
  | {
      readonly state: FinalizeResult['state'];
      readonly rows?: number;
      readonly continued: boolean;
      readonly missing?: readonly string[];
    }
  | { readonly state: 'stale'; readonly reason: string }
  | { readonly state: 'failed'; readonly code: string; readonly message: string }
  | { readonly state: 'shardFailed'; readonly payload: string };

export async function runFinalize(
  deps: FunctionDeps,
  event: FinalizeEvent,
  input: { now: number },
): Promise<FinalizeOutcome> {
  const { ctx } = deps;
  const window = spanOf(event.window);
  let fin: FinalizeResult;
  try {
    fin = await finalizeWindow(ctx, { window, epoch: event.epoch, now: input.now });
  } catch (err) {
    if (err instanceof EpochMismatchError) return { state: 'stale', reason: err.message };
    if (!isDataFailure(err)) throw err;
    await recordDataFailure(ctx, window, event.epoch, err, input.now);
    if (ctx.run !== LIVE_RUN) await refreshBackfillProgress(ctx, ctx.run, input.now);
    return { state: 'failed', code: err.code, message: err.message };
  }
  if (fin.state === 'waiting') return { state: 'waiting', continued: false, missing: fin.missing ?? [] };
  const continued = await continueIfDue(deps, input.now);
  return { state: fin.state, ...(fin.rows !== undefined ? { rows: fin.rows } : {}), continued };
}

/** Invokes dispatch for the run when its next window is already due. */
async function continueIfDue(deps: FunctionDeps, now: number): Promise<boolean> {
  const { ctx } = deps;
  let due: boolean;
  if (ctx.run === LIVE_RUN) {
    due = (await nextLiveWindow(deps, { now, owner: '' })) !== undefined;
  } else {
    const record = await refreshBackfillProgress(ctx, ctx.run, now);
    due = record?.state === 'active' && (await nextWindowOf(ctx, record)) !== undefined;
  }
  if (!due) return false;
  const next: ContinueEvent = { kind: 'continue', ...(deps.job ? { job: deps.job } : {}), run: ctx.run };
  await deps.invoker.invokeAsync(deps.names.dispatch, next);
  return true;
}

export function describeEnvelope(envelope: Envelope): FinalizeOutcome {
  return { state: 'shardFailed', payload: (envelope.requestPayload ?? '').slice(0, 500) };
}
