/**
 * The local FC "control plane": the functions read from s.yaml, their worker pool, the async
 * queues and the invocation records. The HTTP entry, timers and HTTP triggers all invoke through it.
 */
import { randomUUID } from 'node:crypto';
import { AsyncQueues, type QueueOptions } from './async-queue.js';
import { InvocationStore, type InvocationRecord } from './invocations.js';
import { WorkerPool } from './worker-pool.js';
import type { InvokeOutcome } from './worker.js';
import type { WorkerFunction } from './worker-protocol.js';
import type { FunctionSpec } from './types.js';

export interface RuntimeOptions {
  functions: Map<string, FunctionSpec>;
  accountId: string;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** LOCAL_* variables (peer endpoints, keys) every function gets. */
  localEnv: Record<string, string>;
  maxInstances: number;
  idleTimeoutMs: number;
  queue: QueueOptions;
  /** Also write function logs to this server's stderr (for `npm run local`). */
  echoLogs: boolean;
}

type Source = InvocationRecord['source'];

export class LocalFc {
  readonly store = new InvocationStore();
  readonly queues: AsyncQueues;
  private readonly pool: WorkerPool;
  private readonly specs: Map<string, FunctionSpec>;

  constructor(private readonly options: RuntimeOptions) {
    this.specs = options.functions;
    this.pool = new WorkerPool({
      maxInstances: options.maxInstances,
      idleTimeoutMs: options.idleTimeoutMs,
      onLog: (requestId, text) => {
        this.store.appendLog(requestId, text);
        if (options.echoLogs)
          process.stderr.write(`[fc ${this.store.get(requestId)?.functionName ?? '-'}] ${text}`);
      },
    });
    this.queues = new AsyncQueues(
      {
        store: this.store,
        execute: (fn, requestId, payload) => this.pool.run(this.workerFunction(fn), requestId, payload),
        deliver: (arn, envelope) => this.deliver(arn, envelope),
        functionArn: (fn) => this.arn(fn),
      },
      options.queue,
    );
    this.pool.prewarm([...this.specs.values()].map((f) => f.memoryMB));
  }

  get functions(): ReadonlyMap<string, FunctionSpec> {
    return this.specs;
  }

  get accountId(): string {
    return this.options.accountId;
  }

  newRequestId(): string {
    return randomUUID();
  }

  async invokeSync(
    fn: FunctionSpec,
    payload: Buffer,
    source: Source,
    trigger?: string,
    requestId = this.newRequestId(),
  ) {
    const record = this.store.add({
      requestId,
      functionName: fn.name,
      invocationType: 'Sync',
      source,
      trigger,
      status: 'running',
      receivedAt: Date.now(),
    });
    const attempt = { attempt: 1, delivery: 1, startedAt: Date.now(), outcome: 'running' as const };
    record.attempts.push(attempt);
    this.store.begin();
    try {
      const outcome = await this.pool.run(this.workerFunction(fn), requestId, payload);
      Object.assign(attempt, {
        startedAt: outcome.startedAt ?? attempt.startedAt,
        endedAt: outcome.endedAt,
        durationMs: outcome.endedAt - (outcome.startedAt ?? attempt.startedAt),
        outcome: outcome.ok ? 'succeeded' : 'failed',
        errorType: outcome.errorType,
        error: outcome.error,
      });
      Object.assign(record, {
        status: outcome.ok ? 'succeeded' : 'failed',
        finishedAt: outcome.endedAt,
        error: outcome.error,
      });
      return { requestId, outcome } satisfies { requestId: string; outcome: InvokeOutcome };
    } finally {
      this.store.end();
    }
  }

  invokeAsync(
    fn: FunctionSpec,
    payload: Buffer,
    source: Source,
    trigger?: string,
    requestId = this.newRequestId(),
  ): InvocationRecord {
    const record = this.store.add({
      requestId,
      functionName: fn.name,
      invocationType: 'Async',
      source,
      trigger,
      status: 'queued',
      receivedAt: Date.now(),
    });
    this.queues.submit(fn, record, payload);
    return record;
  }

  async close(): Promise<void> {
    this.queues.close();
    await this.pool.close();
  }

  arn(fn: FunctionSpec): string {
    return `acs:fc:${fn.region}:${this.options.accountId}:functions/${fn.name}`;
  }

  /** `acs:fc:<region>:<account>:functions/<name>[/<qualifier>]` → async invoke; `acs:mns:` → kept for inspection. */
  private deliver(arn: string, envelope: Buffer): void {
    const fc = /^acs:fc:[^:]*:[^:]*:functions\/([^/]+)/.exec(arn);
    const target = fc?.[1] ? this.specs.get(fc[1]) : undefined;
    if (target) {
      this.invokeAsync(target, envelope, 'destination', arn);
      return;
    }
    this.store.mnsMessages.push({ arn, body: JSON.parse(envelope.toString('utf8')) as unknown });
    if (fc)
      process.stderr.write(
        `local fc: destination ${arn} names no function in s.yaml; kept under /_local/destinations\n`,
      );
  }

  private workerFunction(fn: FunctionSpec): WorkerFunction {
    const { accessKeyId, accessKeySecret } = this.options.credentials;
    const env: Record<string, string> = {
      ...this.options.localEnv,
      ...fn.environment,
      FC_FUNCTION_NAME: fn.name,
      FC_FUNCTION_HANDLER: fn.handler,
      FC_FUNCTION_MEMORY_SIZE: String(fn.memoryMB),
      FC_TIMEOUT: String(fn.timeoutSec),
      FC_REGION: fn.region,
      FC_ACCOUNT_ID: this.options.accountId,
      FC_RUNTIME: fn.runtime,
      FC_FUNC_CODE_PATH: fn.codeDir,
      ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: '',
    };
    return {
      name: fn.name,
      handler: fn.handler,
      codeDir: fn.codeDir,
      memoryMB: fn.memoryMB,
      timeoutSec: fn.timeoutSec,
      runtime: fn.runtime,
      region: fn.region,
      accountId: this.options.accountId,
      env,
      credentials: { accessKeyId, accessKeySecret, securityToken: '' },
    };
  }
}
