/**
 * Typed client of the local FC server's admin API (`/_local/`), for tests and `npm start`.
 * @example
 *   const admin = new FcAdminClient(info.endpoint);
 *   await admin.waitIdle();
 *   const failed = await admin.invocations({ functionName: 'shard', status: 'failed' });
 */
import type { InvocationRecord, InvocationStatus } from './invocations.js';
import type { FaultOptions } from './faults.js';
import type { FunctionSpec, HttpTrigger, TimerTrigger } from './types.js';
import type { TimerState } from './timers.js';

export type { InvocationRecord, InvocationStatus, Attempt } from './invocations.js';

export interface FunctionInfo extends Omit<FunctionSpec, 'timers' | 'http'> {
  timers: (Omit<TimerTrigger, 'schedule'> & Partial<TimerState>)[];
  http: (HttpTrigger & { path: string })[];
}

export class FcAdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FcAdminError';
  }
}

export class FcAdminClient {
  private readonly base: string;

  /** `endpoint` is the FC server's READY endpoint, e.g. `http://127.0.0.1:8802`. */
  constructor(endpoint: string) {
    this.base = `${endpoint.replace(/\/$/, '')}/_local`;
  }

  async functions(): Promise<FunctionInfo[]> {
    return (await this.call<{ functions: FunctionInfo[] }>('GET', '/functions')).functions;
  }

  async invocations(
    filter: {
      functionName?: string;
      status?: InvocationStatus;
      source?: InvocationRecord['source'];
      limit?: number;
      logs?: boolean;
    } = {},
  ) {
    const q = new URLSearchParams();
    if (filter.functionName) q.set('function', filter.functionName);
    if (filter.status) q.set('status', filter.status);
    if (filter.source) q.set('source', filter.source);
    if (filter.limit) q.set('limit', String(filter.limit));
    if (filter.logs === false) q.set('logs', '0');
    return (await this.call<{ invocations: InvocationRecord[] }>('GET', `/invocations?${q}`)).invocations;
  }

  async invocation(requestId: string): Promise<InvocationRecord> {
    return this.call<InvocationRecord>('GET', `/invocations/${encodeURIComponent(requestId)}`);
  }

  /** Waits until no invocation is queued, delayed, retrying or running; throws after `timeoutMs`. */
  async waitIdle(timeoutMs = 30_000): Promise<void> {
    await this.call('POST', `/idle?timeoutMs=${timeoutMs}`);
  }

  /** Messages sent to `acs:mns:` destinations (kept, not delivered, locally). */
  async destinations(): Promise<{ arn: string; body: unknown }[]> {
    return (await this.call<{ messages: { arn: string; body: unknown }[] }>('GET', '/destinations')).messages;
  }

  /** Changes async fault injection (`duplicate=0.3,reorder=0.2,seed=7`) and/or per-function concurrency. */
  async configureAsync(change: { faults?: string; concurrency?: number }): Promise<FaultOptions> {
    return (await this.call<{ faults: FaultOptions }>('PUT', '/async', change)).faults;
  }

  /** Fires a timer trigger now; returns the async invocation's request id. */
  async fireTimer(functionName: string, triggerName: string): Promise<string> {
    const path = `/timers/${encodeURIComponent(functionName)}/${encodeURIComponent(triggerName)}/fire`;
    return (await this.call<{ requestId: string }>('POST', path)).requestId;
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const value = (await res.json()) as T & { error?: string };
    if (!res.ok)
      throw new FcAdminError(
        res.status,
        value.error ?? `${method} ${path} → ${res.status} ${JSON.stringify(value)}`,
      );
    return value;
  }
}
