/**
 * The server's handle on one worker process: spawn (generic, so spares can be kept warm), bind to
 * a function, run one invocation at a time under the function timeout (kill on expiry) and the
 * memory limit (V8 old-space cap: an over-limit function dies like an out-of-memory instance).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import type { FromWorker, InvocationError, ToWorker, WorkerFunction } from './worker-protocol.js';

export interface InvokeOutcome {
  ok: boolean;
  /** Epoch ms when the handler was called (absent if it never started). */
  startedAt?: number;
  endedAt: number;
  body?: Buffer;
  kind?: 'buffer' | 'string' | 'json' | 'empty';
  error?: InvocationError;
  /** FC's `x-fc-error-type`: Handled = the handler threw/rejected; Unhandled = crash, timeout, OOM. */
  errorType?: 'HandledInvocationError' | 'UnhandledInvocationError';
}

// Workers run plain JavaScript: worker-main.ts is transpiled once per content (esbuild, which tsx
// already brings) into the temp dir, so a process starts in ~60 ms instead of ~250 ms under tsx.
const SOURCE = fileURLToPath(new URL('./worker-main.ts', import.meta.url));
let script: string | undefined;

function workerScript(): string {
  if (script) return script;
  const { code } = transformSync(readFileSync(SOURCE, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: SOURCE,
  });
  const file = join(
    tmpdir(),
    `local-fc-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`,
  );
  if (!existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  script = file;
  return file;
}

const baseEnv = (): Record<string, string> => {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot'];
  const env: Record<string, string> = { TZ: 'UTC' };
  for (const k of keep) if (process.env[k]) env[k] = process.env[k] as string;
  return env;
};

const unhandled = (errorMessage: string, errorType: string, startedAt?: number): InvokeOutcome => ({
  ok: false,
  startedAt,
  endedAt: Date.now(),
  error: { errorMessage, errorType },
  errorType: 'UnhandledInvocationError',
});

export class WorkerProcess {
  readonly memoryMB: number;
  fnName: string | undefined;
  exited = false;
  onLog: (requestId: string, text: string) => void = () => {};
  private readonly child: ChildProcess;
  private current = '';
  private outOfMemory = false;
  private readonly up: Promise<void>;
  private waiter:
    ((msg: FromWorker | { type: 'exit'; code: number | null; signal: string | null }) => void) | undefined;

  constructor(memoryMB: number, onExit: () => void = () => {}) {
    this.memoryMB = memoryMB;
    this.child = fork(workerScript(), [], {
      execArgv: [`--max-old-space-size=${memoryMB}`],
      env: baseEnv(),
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    // Raw fd writes (V8's out-of-memory report, native crashes) bypass the runtime's capture.
    const raw = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (/heap out of memory|Reached heap limit/.test(text)) this.outOfMemory = true;
      this.onLog(this.current, text);
    };
    this.child.stdout?.on('data', raw);
    this.child.stderr?.on('data', raw);
    this.up = new Promise((resolve, reject) => {
      this.waiter = (msg) =>
        msg.type === 'up' ? resolve() : reject(new Error(`worker did not start (${JSON.stringify(msg)})`));
    });
    this.up.catch(() => {});
    this.child.on('message', (msg: FromWorker) => {
      if (msg.type === 'log') this.onLog(msg.requestId, msg.text);
      else this.waiter?.(msg);
    });
    // Report the exit once its last output is read ('close'), so an out-of-memory report is in
    // the logs before the invocation ends; a grandchild holding the pipes open delays it 100 ms at most.
    let reported = false;
    const report = (code: number | null, signal: string | null) => {
      if (reported) return;
      reported = true;
      this.waiter?.({ type: 'exit', code, signal });
    };
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      onExit();
      setTimeout(() => report(code, signal), 100);
    });
    this.child.on('close', (code, signal) => report(code, signal));
    this.child.on('error', () => {}); // surfaced through 'exit'
  }

  /** Loads the function's code in this process; rejects with FC's init error body. */
  async bind(fn: WorkerFunction): Promise<void> {
    await this.up;
    this.fnName = fn.name;
    const reply = await this.exchange({ type: 'init', fn }, fn.timeoutSec * 1000);
    if (reply.type === 'ready') return;
    this.kill();
    if (reply.type === 'init-error') throw reply.error;
    throw {
      errorMessage: 'Process exited unexpectedly before completing initialization',
      errorType: 'ProcessExited',
    };
  }

  async invoke(requestId: string, event: Buffer, timeoutSec: number): Promise<InvokeOutcome> {
    this.current = requestId;
    const reply = await this.exchange({ type: 'invoke', requestId, event }, timeoutSec * 1000);
    if (reply.type === 'result') {
      const body = reply.body
        ? Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength)
        : undefined;
      if (reply.ok)
        return { ok: true, startedAt: reply.startedAt, endedAt: Date.now(), body, kind: reply.kind };
      return {
        ok: false,
        startedAt: reply.startedAt,
        endedAt: Date.now(),
        error: reply.error,
        errorType: 'HandledInvocationError',
      };
    }
    if (reply.type === 'timeout') {
      this.kill();
      return unhandled(`Function timed out after ${timeoutSec} seconds`, 'FunctionTimeout');
    }
    const how =
      reply.type === 'exit' ? ` (exit code ${reply.code ?? '-'}, signal ${reply.signal ?? '-'})` : '';
    this.kill();
    if (this.outOfMemory)
      return unhandled(
        `Process exited unexpectedly before completing request: memory limit of ${this.memoryMB} MB exceeded${how}`,
        'OutOfMemory',
      );
    return unhandled(`Process exited unexpectedly before completing request${how}`, 'ProcessExited');
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
    this.exited = true;
  }

  private exchange(msg: ToWorker, timeoutMs: number) {
    type Reply =
      FromWorker | { type: 'exit'; code: number | null; signal: string | null } | { type: 'timeout' };
    return new Promise<Reply>((resolve) => {
      if (this.exited) return resolve({ type: 'exit', code: null, signal: null });
      const timer = setTimeout(() => done({ type: 'timeout' }), timeoutMs);
      const done = (reply: Reply) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(reply);
      };
      this.waiter = done;
      this.child.send(msg);
    });
  }
}
