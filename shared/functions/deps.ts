/**
 * What every function's logic is handed: the engine context (clients), the invoker, the peer
 * function names and where the job config came from. Built once per invocation from the FC
 * context and environment — the role's STS keys in the context expire, so nothing is cached.
 */
import { createExportContext, type EngineOptions, type ExportContext } from '../export/index.js';
import { RetryingInvoker, invokerFromContext, type Invoker } from '../invoker/index.js';
import { LIVE_RUN } from '../status/index.js';
import { loadJobConfig, type JobSource } from './job-source.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface FunctionNames {
  readonly dispatch: string;
  readonly shard: string;
  readonly finalize: string;
}

/** The subset of a pino logger the logic uses. */
export interface LogSink {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface FunctionDeps {
  readonly ctx: ExportContext;
  readonly invoker: Invoker;
  readonly names: FunctionNames;
  /** Passed on in every event this function sends, so peers load the same config. */
  readonly job: JobSource | undefined;
  readonly log: LogSink;
}

const FUNCTION_NAME_ENV = Object.freeze({
  dispatch: 'DISPATCH_FUNCTION',
  shard: 'SHARD_FUNCTION',
  finalize: 'FINALIZE_FUNCTION',
});

function functionNames(env: Env): FunctionNames {
  return {
    dispatch: env[FUNCTION_NAME_ENV.dispatch] || 'tablestore-oss-sync-dispatch',
    shard: env[FUNCTION_NAME_ENV.shard] || 'tablestore-oss-sync-shard',
    finalize: env[FUNCTION_NAME_ENV.finalize] || 'tablestore-oss-sync-finalize',
  };
}

/**
 * Engine tuning from the environment: `SYNC_LEASE_SECONDS` (how long a claimed window is held
 * before the reconciler may re-drive it) and `SYNC_BATCH_LIMIT` (records per GetStreamRecord).
 */
function engineOptionsFromEnv(env: Env): Partial<EngineOptions> {
  const lease = Number(env.SYNC_LEASE_SECONDS);
  const batch = Number(env.SYNC_BATCH_LIMIT);
  return {
    ...(Number.isInteger(lease) && lease > 0 ? { leaseMs: lease * 1000 } : {}),
    ...(Number.isInteger(batch) && batch > 0 && batch <= 1000 ? { batchLimit: batch } : {}),
  };
}

interface FcLikeContext {
  credentials?: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
}

export interface BuildDepsInput {
  readonly job: JobSource | undefined;
  readonly context: unknown;
  readonly env: Env;
  readonly log: LogSink;
}

export async function buildDeps(input: BuildDepsInput): Promise<FunctionDeps> {
  const config = loadJobConfig(input.job, input.env);
  const creds = (input.context as FcLikeContext | undefined)?.credentials;
  const ctx = await createExportContext(config, {
    run: LIVE_RUN,
    options: engineOptionsFromEnv(input.env),
    log: (event) => input.log.info(event, event.event),
    ...(creds?.accessKeyId && creds.accessKeySecret
      ? {
          credentials: {
            accessId: creds.accessKeyId,
            accessKey: creds.accessKeySecret,
            ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
          },
        }
      : {}),
  });
  return {
    ctx,
    // Throttling, 5xx and network blips are retried here: a fan-out that stopped halfway would
    // otherwise wait for the reconciler (lease expiry) to finish the window.
    invoker: new RetryingInvoker(invokerFromContext(input.context, input.env)),
    names: functionNames(input.env),
    job: input.job,
    log: input.log,
  };
}
