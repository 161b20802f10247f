/**
 * Function instances: one worker process per concurrent invocation of a function, reused when idle
 * (warm start), reaped after an idle time, at most `maxInstances` per function (further calls wait).
 * A warm spare per memory size hides process start-up (FC's cold start) from the next scale-out.
 */
import { WorkerProcess, type InvokeOutcome } from './worker.js';
import type { InvocationError, WorkerFunction } from './worker-protocol.js';

export interface PoolOptions {
  maxInstances: number;
  idleTimeoutMs: number;
  onLog: (requestId: string, text: string) => void;
}

export class WorkerPool {
  private readonly spares = new Map<number, WorkerProcess[]>();
  private readonly idle = new Map<string, { worker: WorkerProcess; since: number }[]>();
  private readonly live = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  /** Every process this pool started and has not seen exit, busy ones included (for close). */
  private readonly all = new Set<WorkerProcess>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    this.sweeper = setInterval(() => this.reap(), Math.min(10_000, options.idleTimeoutMs)).unref();
  }

  /** Starts one spare process per memory size so first invocations skip process start-up. */
  prewarm(memorySizes: Iterable<number>): void {
    for (const m of new Set(memorySizes)) if (!this.spares.get(m)?.length) this.addSpare(m);
  }

  async run(fn: WorkerFunction, requestId: string, event: Buffer): Promise<InvokeOutcome> {
    const acquired = await this.acquire(fn);
    if ('error' in acquired) {
      return { ok: false, endedAt: Date.now(), error: acquired.error, errorType: 'UnhandledInvocationError' };
    }
    const { worker } = acquired;
    try {
      return await worker.invoke(requestId, event, fn.timeoutSec);
    } finally {
      this.release(fn.name, worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const w of this.all) w.kill();
    this.all.clear();
    this.spares.clear();
    this.idle.clear();
  }

  private async acquire(fn: WorkerFunction): Promise<{ worker: WorkerProcess } | { error: InvocationError }> {
    for (;;) {
      if (this.closed)
        return { error: { errorMessage: 'local FC server is shutting down', errorType: 'ServerClosed' } };
      const idle = this.idle.get(fn.name);
      while (idle?.length) {
        const { worker } = idle.pop() as { worker: WorkerProcess };
        if (!worker.exited) return { worker };
        this.dropLive(fn.name);
      }
      if ((this.live.get(fn.name) ?? 0) < this.options.maxInstances) break;
      await new Promise<void>((resolve) =>
        this.waiting.set(fn.name, [...(this.waiting.get(fn.name) ?? []), resolve]),
      );
    }
    this.live.set(fn.name, (this.live.get(fn.name) ?? 0) + 1);
    const worker = this.takeSpare(fn.memoryMB);
    worker.onLog = this.options.onLog;
    try {
      await worker.bind(fn);
      return { worker };
    } catch (err) {
      worker.kill();
      this.dropLive(fn.name);
      // bind() rejects with FC's init error body, or a plain Error if the process never started.
      const error =
        err instanceof Error
          ? { errorMessage: err.message, errorType: 'InstanceStartError' }
          : (err as InvocationError);
      return { error };
    }
  }

  private release(name: string, worker: WorkerProcess): void {
    if (worker.exited || this.closed) {
      worker.kill();
      this.dropLive(name);
      return;
    }
    const list = this.idle.get(name) ?? [];
    list.push({ worker, since: Date.now() });
    this.idle.set(name, list);
    this.waiting.get(name)?.shift()?.();
  }

  private dropLive(name: string): void {
    this.live.set(name, Math.max(0, (this.live.get(name) ?? 1) - 1));
    this.waiting.get(name)?.shift()?.();
  }

  private takeSpare(memoryMB: number): WorkerProcess {
    const list = this.spares.get(memoryMB) ?? [];
    let worker: WorkerProcess | undefined;
    while (!worker && list.length) {
      const w = list.shift() as WorkerProcess;
      if (!w.exited) worker = w;
    }
    this.addSpare(memoryMB);
    return worker ?? this.spawn(memoryMB);
  }

  private addSpare(memoryMB: number): void {
    if (this.closed) return;
    const list = this.spares.get(memoryMB) ?? [];
    list.push(this.spawn(memoryMB));
    this.spares.set(memoryMB, list);
  }

  private spawn(memoryMB: number): WorkerProcess {
    const worker = new WorkerProcess(memoryMB, () => this.all.delete(worker));
    this.all.add(worker);
    return worker;
  }

  private reap(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    for (const [name, list] of this.idle) {
      const keep = list.filter(({ worker, since }) => {
        if (since >= cutoff && !worker.exited) return true;
        worker.kill();
        this.dropLive(name);
        return false;
      });
      this.idle.set(name, keep);
    }
  }
}
