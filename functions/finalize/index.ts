/**
 * finalize (async, from the last shard or the reconciler; also FC's on-failure destination of
 * shard): merges the window's partials, writes the manifest, commits once, and invokes dispatch
 * when more windows are due. Logic: shared/functions.
 */
import middy from '@middy/core';
import {
  createLogger,
  eventFunctionMiddlewares,
  parseLogLevel,
  type FcContext,
} from '../../shared/middlewares/index.js';
import { SETTLE_CODES, finalizeFromFc, finalizeOrEnvelopeSchema } from '../../shared/functions/index.js';

const logger = createLogger({ level: parseLogLevel(process.env.LOG_LEVEL), base: { fn: 'finalize' } });

export const handler = middy((event: unknown, context: FcContext) =>
  finalizeFromFc(event, context, process.env),
).use(eventFunctionMiddlewares({ logger, schema: finalizeOrEnvelopeSchema, settleCodes: SETTLE_CODES }));
