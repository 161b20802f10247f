/**
 * dispatch (timer trigger, and async `continue` events from finalize/backfill): reconciles, plans
 * the next due window, claims it (lease + epoch) and fans out one async `shard` invocation per
 * lineage group — for the live chain and each active backfill. Logic: shared/functions.
 */
import middy from '@middy/core';
import {
  createLogger,
  eventFunctionMiddlewares,
  parseLogLevel,
  type FcContext,
} from '../../shared/middlewares/index.js';
import {
  SETTLE_CODES,
  dispatchEventSchema,
  dispatchFromFc,
  type DispatchEvent,
} from '../../shared/functions/index.js';

const logger = createLogger({ level: parseLogLevel(process.env.LOG_LEVEL), base: { fn: 'dispatch' } });

export const handler = middy((event: DispatchEvent, context: FcContext) =>
  dispatchFromFc(event, context, process.env),
).use(eventFunctionMiddlewares({ logger, schema: dispatchEventSchema, settleCodes: SETTLE_CODES }));
