/**
 * The FC-facing side of each function: turns the FC event and context into the logic's inputs
 * (deps built from the context's keys, now, the time budget) and calls the logic. The
 * `functions/<name>/index.ts` files only wire these into middy.
 */
import { SyncError } from '../errors.js';
import type { FcContext, FcHttpEvent, FcHttpResponse } from '../middlewares/index.js';
import { LIVE_RUN, readBackfill } from '../status/index.js';
import { handleBackfill } from './backfill-api.js';
import { withBackfill } from './backfill-run.js';
import { buildDeps, type FunctionDeps, type LogSink } from './deps.js';
import { dispatchRuns } from './dispatch-runs.js';
import {
  continueEventSchema,
  finalizeEventSchema,
  isEnvelope,
  jobSourceOfTimerPayload,
  type DispatchEvent,
  type FinalizeEvent,
  type ShardEvent,
} from './events.js';
import { describeEnvelope, runFinalize } from './finalize.js';
import type { JobSource } from './job-source.js';
import { startAtFromEnv } from './job-source.js';
import { runShard, shardDeadline } from './shard.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Failures a retry cannot fix: event functions end with them instead of burning FC's retries. */
export const SETTLE_CODES = Object.freeze([
  'EPOCH_MISMATCH',
  'WINDOW_COMMITTED',
  'LEASE_LOST',
  'CONFIG_INVALID',
  'INVALID_INPUT',
  'INVALID_EVENT',
  'BACKFILL_UNKNOWN',
]);

const SILENT: LogSink = { info: () => undefined, warn: () => undefined };
const logOf = (context: FcContext): LogSink => context.log ?? SILENT;

/** Deps for a run: the live chain, or a backfill (its own prefix and watermark). */
async function depsForRun(
  job: JobSource | undefined,
  run: string,
  context: FcContext,
  env: Env,
): Promise<FunctionDeps> {
  const deps = await buildDeps({ job, context, env, log: logOf(context) });
  if (run === LIVE_RUN) return deps;
  const record = await readBackfill(deps.ctx.status, deps.ctx.config.name, run);
  if (!record) throw new SyncError('BACKFILL_UNKNOWN', `backfill ${run} does not exist in the status table`);
  return withBackfill(deps, record);
}

export async function dispatchFromFc(event: DispatchEvent, context: FcContext, env: Env) {
  let job: JobSource | undefined;
  let run: string | undefined;
  const cont = continueEventSchema.safeParse(event);
  if (cont.success) ({ job, run } = cont.data);
  else if (isEnvelope(event)) {
    // finalize failed for good: its request payload names the run; re-plan it now.
    const inner = finalizeEventSchema.safeParse(safeJson(event.requestPayload));
    if (inner.success) ({ job, run } = inner.data);
  } else if ('triggerTime' in event) job = jobSourceOfTimerPayload(event.payload);
  const deps = await buildDeps({ job, context, env, log: logOf(context) });
  const startAt = startAtFromEnv(env);
  const outcomes = await dispatchRuns(deps, {
    now: Date.now(),
    owner: context.requestId,
    ...(startAt !== undefined ? { startAt } : {}),
    ...(run !== undefined ? { run } : {}),
  });
  for (const o of outcomes) logOf(context).info(o, `dispatch ${o.run}: ${o.action}`);
  return { outcomes };
}

export async function shardFromFc(event: ShardEvent, context: FcContext, env: Env) {
  const deps = await depsForRun(event.job, event.run, context, env);
  const now = Date.now();
  const remaining = context.getRemainingTimeInMillis?.() ?? 600_000;
  const deadline = shardDeadline(now, remaining, env.SYNC_SHARD_BUDGET_SECONDS);
  const outcome = await runShard(deps, event, { now, deadline });
  logOf(context).info(outcome, `shard ${event.shardIds.join(',')}: ${outcome.state}`);
  return outcome;
}

export async function finalizeFromFc(event: FinalizeEvent | unknown, context: FcContext, env: Env) {
  if (isEnvelope(event)) {
    const outcome = describeEnvelope(event);
    logOf(context).warn(
      outcome,
      'a shard invocation failed all its retries; its window is re-driven when the lease expires',
    );
    return outcome;
  }
  const fin = finalizeEventSchema.parse(event);
  const deps = await depsForRun(fin.job, fin.run, context, env);
  const outcome = await runFinalize(deps, fin, { now: Date.now() });
  logOf(context).info(outcome, `finalize: ${outcome.state}`);
  return outcome;
}

export async function backfillFromFc(
  event: FcHttpEvent,
  context: FcContext,
  env: Env,
): Promise<FcHttpResponse> {
  const depsOf = () => buildDeps({ job: undefined, context, env, log: logOf(context) });
  return handleBackfill(depsOf, { event, now: Date.now() });
}

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return undefined;
  }
}
