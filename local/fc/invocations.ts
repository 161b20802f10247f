/**
 * What the admin API shows: every invocation with its status, attempts, durations and logs, and a
 * count of work in flight so tests can wait until the server is idle. Bounded: the oldest finished
 * records are dropped past `maxRecords`, and each record keeps at most `maxLogBytes` (64 KB) of logs.
 */
import type { InvocationError } from './worker-protocol.js';

export type InvocationStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'expired';

export interface Attempt {
  /** 1-based attempt number within its delivery. */
  attempt: number;
  /** 1 = the original delivery, 2 = a duplicate (fault injection). */
  delivery: number;
  startedAt?: number;
  endedAt?: number;
  durationMs?: number;
  outcome: 'running' | 'succeeded' | 'failed';
  errorType?: string;
  error?: InvocationError;
}

export interface InvocationRecord {
  requestId: string;
  functionName: string;
  invocationType: 'Sync' | 'Async';
  source: 'api' | 'timer' | 'http' | 'destination';
  trigger?: string;
  status: InvocationStatus;
  receivedAt: number;
  finishedAt?: number;
  attempts: Attempt[];
  deliveries: number;
  /** Set when fault injection held this event back so later ones overtake it. */
  reorderedByMs?: number;
  /** The caller's `x-fc-async-task-id` (or 2.0 `x-fc-stateful-async-invocation-id`), if any. */
  taskId?: string;
  /** Destination the final outcome went to (`acs:fc:...` or `acs:mns:...`), with its condition. */
  destination?: { arn: string; condition: string };
  error?: InvocationError;
  logs: string;
}

export interface ListFilter {
  functionName?: string;
  status?: InvocationStatus;
  source?: InvocationRecord['source'];
  limit?: number;
}

export class InvocationStore {
  private readonly records = new Map<string, InvocationRecord>();
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  /** Messages sent to MNS destinations (not delivered anywhere locally; kept for inspection). */
  readonly mnsMessages: { arn: string; body: unknown }[] = [];

  constructor(private readonly limits = { maxRecords: 5000, maxLogBytes: 64 * 1024 }) {}

  add(
    record: Omit<InvocationRecord, 'attempts' | 'logs' | 'deliveries'> & Partial<InvocationRecord>,
  ): InvocationRecord {
    const full: InvocationRecord = { attempts: [], logs: '', deliveries: 1, ...record };
    this.records.set(full.requestId, full);
    if (this.records.size > this.limits.maxRecords) this.evict();
    return full;
  }

  get(requestId: string): InvocationRecord | undefined {
    return this.records.get(requestId);
  }

  list(filter: ListFilter = {}): InvocationRecord[] {
    const out = [...this.records.values()].filter(
      (r) =>
        (!filter.functionName || r.functionName === filter.functionName) &&
        (!filter.status || r.status === filter.status) &&
        (!filter.source || r.source === filter.source),
    );
    return filter.limit ? out.slice(-filter.limit) : out;
  }

  appendLog(requestId: string, text: string): void {
    const r = this.records.get(requestId);
    if (!r || r.logs.length >= this.limits.maxLogBytes) return;
    r.logs += text.slice(0, this.limits.maxLogBytes - r.logs.length);
  }

  /** Marks one unit of work (a sync call, an async delivery) as begun; pair with `end`. */
  begin(): void {
    this.busy++;
  }

  end(): void {
    this.busy--;
    if (this.busy === 0) {
      // Let follow-up work started in the same tick (destinations, retries) register first.
      setImmediate(() => {
        if (this.busy !== 0) return;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      });
    }
  }

  get inFlight(): number {
    return this.busy;
  }

  /** Resolves true once nothing is queued, delayed or running; false after `timeoutMs`. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.busy === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  private evict(): void {
    for (const [id, r] of this.records) {
      if (this.records.size <= this.limits.maxRecords) break;
      if (r.finishedAt !== undefined) this.records.delete(id);
    }
  }
}
