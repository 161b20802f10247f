/**
 * The per-function logic the FC entry points (`functions/<name>/index.ts`) call: dispatch
 * (reconcile → plan → claim → fan out), shard (export under the epoch, time budget, self
 * re-invocation, last one invokes finalize), finalize (idempotent commit, continue if due) and the
 * backfill HTTP API. Each logic function is handed its deps; `fc-entry.ts` builds them from FC's
 * context and environment.
 */
export * from './events.js';
export * from './job-source.js';
export * from './deps.js';
export * from './fan-out.js';
export * from './dispatch.js';
export * from './dispatch-runs.js';
export * from './shard.js';
export * from './finalize.js';
export * from './backfill-plan.js';
export * from './backfill-run.js';
export * from './backfill-api.js';
export * from './fc-entry.js';
