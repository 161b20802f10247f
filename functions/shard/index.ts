/**
 * shard (async, from dispatch or itself): exports its shards of one window under the epoch within
 * the time budget, re-invokes itself to continue, and the last one to report invokes finalize.
 * Logic: shared/functions.
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
  shardEventSchema,
  shardFromFc,
  type ShardEvent,
} from '../../shared/functions/index.js';

const logger = createLogger({ level: parseLogLevel(process.env.LOG_LEVEL), base: { fn: 'shard' } });

export const handler = middy((event: ShardEvent, context: FcContext) =>
  shardFromFc(event, context, process.env),
).use(eventFunctionMiddlewares({ logger, schema: shardEventSchema, settleCodes: SETTLE_CODES }));
