/** Messages between the server and a worker process (IPC, advanced serialization so Buffers pass). */
export interface WorkerFunction {
  name: string;
  handler: string;
  codeDir: string;
  memoryMB: number;
  timeoutSec: number;
  runtime: string;
  region: string;
  accountId: string;
  /** Full process environment for the function (FC_*, credentials, LOCAL_*, its own variables). */
  env: Record<string, string>;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken: string };
}

export interface InvocationError {
  errorMessage: string;
  errorType: string;
  stackTrace?: string[];
}

export type ToWorker =
  { type: 'init'; fn: WorkerFunction } | { type: 'invoke'; requestId: string; event: Uint8Array };

export type FromWorker =
  | { type: 'up' }
  | { type: 'ready' }
  | { type: 'init-error'; error: InvocationError }
  | { type: 'log'; requestId: string; text: string }
  | {
      type: 'result';
      requestId: string;
      /** Epoch ms (fractional) when the handler was called. */
      startedAt: number;
      ok: boolean;
      /** Result bytes; `kind` says how FC would have produced them. */
      body?: Uint8Array;
      kind?: 'buffer' | 'string' | 'json' | 'empty';
      error?: InvocationError;
    };
