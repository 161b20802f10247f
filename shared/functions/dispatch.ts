/**
 * dispatch: reconcile, plan, claim, fan out — for the live chain or one backfill run.
 * Windows commit in order, so only the window at the watermark is ever worked on:
 * - committed already → nothing (the watermark will move);
 * - claimed under a live lease → another dispatch owns it (an overlapping timer fire): busy;
 * - claimed, lease expired, every shard result in → finalize was lost: invoke it again;
 * - claimed, lease expired, results missing (a lost shard) or free → claim (epoch + 1), fan out.
 * A duplicate delivery of this same invocation (same request id = same lease owner) continues its
 * own claim and fans out the same epoch again; shard results are first-wins per epoch.
 */
import { dispatchWindow, windowRef } from '../export/index.js';
import {
  LIVE_RUN,
  LeaseLostError,
  WindowCommittedError,
  WindowFailedError,
  listWindows,
  readWatermark,
  readWindow,
} from '../status/index.js';
import { planWindows, type Window } from '../window/index.js';
import type { FunctionDeps } from './deps.js';
import { allShardsReported, fanOut, invokeFinalize } from './fan-out.js';

export interface DispatchInput {
  readonly now: number;
  /** Lease owner: the invocation's request id. */
  readonly owner: string;
  /** Live chain only: where the first window starts (absent: the latest due window). */
  readonly startAt?: number;
  /** Backfill runs: the next window (the caller plans it from the backfill record). */
  readonly window?: Window;
}

export type DispatchOutcome =
  | { readonly action: 'idle'; readonly run: string }
  | { readonly action: 'busy' | 'committed'; readonly run: string; readonly window: Window }
  | { readonly action: 'failed'; readonly run: string; readonly window: Window; readonly message: string }
  | {
      readonly action: 'claimed' | 'refinalize';
      readonly run: string;
      readonly window: Window;
      readonly epoch: number;
      readonly invocations: number;
    };

/** The next live window, or undefined when none is due. */
export async function nextLiveWindow(deps: FunctionDeps, input: DispatchInput): Promise<Window | undefined> {
  const { ctx } = deps;
  const { schedule } = ctx.config;
  const watermark = await readWatermark(ctx.status, ctx.config.name, ctx.run);
  let first = input.startAt;
  if (!watermark && first === undefined) {
    // No watermark yet: keep working on the first window an earlier tick recorded, so two first
    // ticks a minute apart cannot start two different "latest" windows.
    const [earliest] = await listWindows(ctx.status, ctx.config.name, ctx.run, { limit: 1 });
    first = earliest?.start;
  }
  const plan = planWindows({
    ...(watermark ? { watermarkMillis: watermark.watermark } : {}),
    ...(first !== undefined ? { firstStartMillis: first } : {}),
    nowMillis: input.now,
    intervalMillis: schedule.intervalMillis,
    lagMillis: schedule.lagMillis,
    maxWindows: 1,
  });
  return plan.windows[0];
}

export async function runDispatch(deps: FunctionDeps, input: DispatchInput): Promise<DispatchOutcome> {
  const { ctx } = deps;
  const run = ctx.run;
  const window = input.window ?? (run === LIVE_RUN ? await nextLiveWindow(deps, input) : undefined);
  if (!window) return { action: 'idle', run };
  const span = { start: window.startMillis, end: window.endMillis };
  const ref = windowRef(ctx, window);

  // Reconcile: a claim whose lease ran out with every shard result in lost its finalize.
  // (A committed window goes to dispatchWindow, which finishes its after-commit steps.)
  const current = await readWindow(ctx.status, ref);
  if (current?.state === 'claimed' && (current.leaseExpiresAt ?? 0) <= input.now && current.shards) {
    if (await allShardsReported(deps, ref, current.epoch, current.shards)) {
      await invokeFinalize(deps, span, current.epoch);
      deps.log.info({ run, window: span, epoch: current.epoch }, 'finalize re-driven');
      return { action: 'refinalize', run, window, epoch: current.epoch, invocations: 1 };
    }
  }

  try {
    const claimed = await dispatchWindow(ctx, window, { now: input.now, owner: input.owner });
    if (claimed.state === 'committed') return { action: 'committed', run, window };
    const invocations = await fanOut(deps, run, span, claimed.epoch, claimed.groups, input.owner);
    return { action: 'claimed', run, window, epoch: claimed.epoch, invocations };
  } catch (err) {
    if (err instanceof LeaseLostError) return { action: 'busy', run, window };
    if (err instanceof WindowCommittedError) return { action: 'committed', run, window };
    if (err instanceof WindowFailedError) return { action: 'failed', run, window, message: err.message };
    throw err;
  }
}
