/**
 * FC async invocation: a queue per function, at most `concurrency` events running per function,
 * retries with exponential backoff up to `maxAsyncRetryAttempts` on error or timeout, events older
 * than `maxAsyncEventAgeInSeconds` dropped, and the final outcome sent to the on-success /
 * on-failure destination with FC's envelope. Faults (faults.ts) add duplicates and reordering.
 */
import type { InvocationError } from './worker-protocol.js';
import type { InvokeOutcome } from './worker.js';
import type { InvocationRecord, InvocationStore } from './invocations.js';
import type { FunctionSpec } from './types.js';
import { seededRandom, type FaultOptions } from './faults.js';

export interface QueueOptions {
  concurrency: number;
  retryBaseMs: number;
  retryMaxMs: number;
  faults: FaultOptions;
}

export interface QueueDeps {
  store: InvocationStore;
  execute: (fn: FunctionSpec, requestId: string, payload: Buffer) => Promise<InvokeOutcome>;
  /** Delivers a destination envelope (`acs:fc:` → async invoke; `acs:mns:` → recorded). */
  deliver: (arn: string, envelope: Buffer) => void;
  functionArn: (fn: FunctionSpec) => string;
}

interface Item {
  fn: FunctionSpec;
  record: InvocationRecord;
  payload: Buffer;
  delivery: number;
  attempts: number;
  notBefore: number;
}

export class AsyncQueues {
  private readonly queues = new Map<string, Item[]>();
  private readonly running = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private random: () => number;
  private closed = false;

  constructor(
    private readonly deps: QueueDeps,
    private options: QueueOptions,
  ) {
    this.random = seededRandom(options.faults.seed);
  }

  setFaults(faults: FaultOptions): void {
    this.options = { ...this.options, faults };
    this.random = seededRandom(faults.seed);
  }

  get faults(): FaultOptions {
    return this.options.faults;
  }

  get concurrency(): number {
    return this.options.concurrency;
  }

  setConcurrency(concurrency: number): void {
    this.options = { ...this.options, concurrency };
    for (const name of this.queues.keys()) this.pump(name);
  }

  submit(fn: FunctionSpec, record: InvocationRecord, payload: Buffer): void {
    const { duplicate, reorder, reorderDelayMs } = this.options.faults;
    const deliveries = duplicate > 0 && this.random() < duplicate ? 2 : 1;
    record.deliveries = deliveries;
    for (let delivery = 1; delivery <= deliveries; delivery++) {
      let notBefore = Date.now();
      if (reorder > 0 && this.random() < reorder) {
        const delay = Math.round(reorderDelayMs * (0.5 + this.random() / 2));
        notBefore += delay;
        record.reorderedByMs = delay;
      }
      this.deps.store.begin();
      this.enqueue({ fn, record, payload, delivery, attempts: 0, notBefore });
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
  }

  private enqueue(item: Item): void {
    const q = this.queues.get(item.fn.name) ?? [];
    q.push(item);
    this.queues.set(item.fn.name, q);
    this.pump(item.fn.name);
  }

  private pump(name: string): void {
    const q = this.queues.get(name);
    if (!q || this.closed) return;
    const now = Date.now();
    let wakeAt = Infinity;
    for (let i = 0; i < q.length && (this.running.get(name) ?? 0) < this.options.concurrency;) {
      const item = q[i] as Item;
      if (item.notBefore > now) {
        wakeAt = Math.min(wakeAt, item.notBefore);
        i++;
        continue;
      }
      q.splice(i, 1);
      this.running.set(name, (this.running.get(name) ?? 0) + 1);
      void this.attempt(item).finally(() => {
        this.running.set(name, (this.running.get(name) ?? 1) - 1);
        this.pump(name);
      });
    }
    if (wakeAt !== Infinity) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.pump(name);
      }, wakeAt - now);
      this.timers.add(t);
    }
  }

  private async attempt(item: Item): Promise<void> {
    const { fn, record } = item;
    if (Date.now() - record.receivedAt > fn.asyncConfig.maxEventAgeSec * 1000) {
      return this.finish(item, 'expired', 'MaxEventAgeExceeded', {
        errorMessage: `event older than maxAsyncEventAgeInSeconds (${fn.asyncConfig.maxEventAgeSec} s), dropped`,
        errorType: 'EventExpired',
      });
    }
    item.attempts++;
    const attempt = {
      attempt: item.attempts,
      delivery: item.delivery,
      startedAt: Date.now(),
      outcome: 'running' as const,
    };
    record.attempts.push(attempt);
    if (record.finishedAt === undefined) record.status = 'running';
    const outcome = await this.deps.execute(fn, record.requestId, item.payload);
    Object.assign(attempt, {
      startedAt: outcome.startedAt ?? attempt.startedAt,
      endedAt: outcome.endedAt,
      durationMs: outcome.endedAt - (outcome.startedAt ?? attempt.startedAt),
      outcome: outcome.ok ? 'succeeded' : 'failed',
      errorType: outcome.errorType,
      error: outcome.error,
    });
    if (outcome.ok) return this.finish(item, 'succeeded', 'Success', undefined, outcome);
    if (item.attempts <= fn.asyncConfig.maxRetries && !this.closed) {
      if (record.finishedAt === undefined) record.status = 'retrying';
      const backoff = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (item.attempts - 1));
      this.enqueue({ ...item, notBefore: Date.now() + backoff });
      return;
    }
    this.finish(item, 'failed', outcome.errorType ?? 'UnhandledInvocationError', outcome.error, outcome);
  }

  private finish(
    item: Item,
    status: 'succeeded' | 'failed' | 'expired',
    condition: string,
    error?: InvocationError,
    outcome?: InvokeOutcome,
  ): void {
    const { fn, record } = item;
    // With duplicates, the record shows the first delivery's outcome; the second only adds attempts.
    if (record.finishedAt === undefined) {
      record.status = status;
      record.finishedAt = Date.now();
      record.error = error;
      const arn = status === 'succeeded' ? fn.asyncConfig.onSuccess : fn.asyncConfig.onFailure;
      if (arn) {
        record.destination = { arn, condition };
        this.deps.deliver(arn, this.envelope(item, condition, outcome, error));
      }
    }
    this.deps.store.end();
  }

  /** FC's destination payload (reference §3.4). */
  private envelope(item: Item, condition: string, outcome?: InvokeOutcome, error?: InvocationError): Buffer {
    const response = outcome?.ok ? (outcome.body?.toString('utf8') ?? '') : JSON.stringify(error ?? {});
    return Buffer.from(
      JSON.stringify({
        timestamp: new Date().toISOString(),
        requestContext: {
          requestId: item.record.requestId,
          functionArn: this.deps.functionArn(item.fn),
          condition,
          approximateInvokeCount: item.attempts,
        },
        requestPayload: item.payload.toString('utf8'),
        responseContext: { statusCode: 200, functionError: outcome?.ok ? '' : condition },
        responsePayload: response,
      }),
    );
  }
}
