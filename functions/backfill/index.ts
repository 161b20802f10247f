/**
 * backfill (HTTP trigger): POST a range to export again under its own prefix (202), GET progress,
 * DELETE to cancel. Every request must be authenticated (bearer token or HMAC from
 * BACKFILL_TOKEN); errors become JSON with a status naming the problem. Logic: shared/functions.
 */
import middy from '@middy/core';
import { authConfigFromEnv, authenticate } from '../../shared/auth/index.js';
import {
  createLogger,
  httpFunctionMiddlewares,
  parseLogLevel,
  type FcContext,
  type FcHttpEvent,
} from '../../shared/middlewares/index.js';
import { backfillFromFc } from '../../shared/functions/index.js';

const logger = createLogger({ level: parseLogLevel(process.env.LOG_LEVEL), base: { fn: 'backfill' } });

export const handler = middy((event: FcHttpEvent, context: FcContext) =>
  backfillFromFc(event, context, process.env),
).use(
  httpFunctionMiddlewares({ logger, authenticate: authenticate({ config: authConfigFromEnv(process.env) }) }),
);
