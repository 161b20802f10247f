/**
 * One dispatch invocation over every run that may need work: the live chain (or only the run a
 * `continue` event names) and each active backfill, so a lost backfill invocation is re-driven by
 * the next timer tick like a live one.
 */
import { LIVE_RUN, readBackfill } from '../status/index.js';
import { activeBackfills, nextWindowOf, refreshBackfillProgress, withBackfill } from './backfill-run.js';
import type { FunctionDeps } from './deps.js';
import { runDispatch, type DispatchOutcome } from './dispatch.js';

export interface DispatchRunsInput {
  readonly now: number;
  readonly owner: string;
  readonly startAt?: number;
  /** Only this run (a `continue` event); absent: live plus every active backfill (a timer tick). */
  readonly run?: string;
}

export async function dispatchRuns(deps: FunctionDeps, input: DispatchRunsInput): Promise<DispatchOutcome[]> {
  const outcomes: DispatchOutcome[] = [];
  const base = { now: input.now, owner: input.owner };
  if (input.run === undefined || input.run === LIVE_RUN)
    outcomes.push(
      await runDispatch(deps, {
        ...base,
        ...(input.startAt !== undefined ? { startAt: input.startAt } : {}),
      }),
    );
  const backfills =
    input.run === undefined
      ? await activeBackfills(deps.ctx)
      : input.run === LIVE_RUN
        ? []
        : [await readBackfill(deps.ctx.status, deps.ctx.config.name, input.run)].filter(
            (b) => b !== undefined,
          );
  for (const record of backfills) {
    if (record.state !== 'active' || record.dryRun) {
      outcomes.push({ action: 'idle', run: record.id });
      continue;
    }
    const runDeps = withBackfill(deps, record);
    const window = await nextWindowOf(runDeps.ctx, record);
    if (!window) {
      await refreshBackfillProgress(runDeps.ctx, record.id, input.now);
      outcomes.push({ action: 'idle', run: record.id });
      continue;
    }
    const outcome = await runDispatch(runDeps, { ...base, window });
    // A failed window fails its backfill (GET shows it); the live chain stays loud instead.
    if (outcome.action === 'failed') await refreshBackfillProgress(runDeps.ctx, record.id, input.now);
    outcomes.push(outcome);
  }
  return outcomes;
}
