/**
 * How one function invokes another. The fan-out code depends only on this interface, so the FC
 * client below, the local FC server and a test fake are interchangeable.
 */

export interface InvokeOptions {
  /** Version or alias; FC's default is LATEST. */
  qualifier?: string;
  /**
   * `x-fc-async-task-id`: with `asyncTask` enabled on the function, FC refuses a second submission
   * with the same id. Letters, digits, `_` and `-`, starting with a letter or `_`, ≤ 128 chars.
   */
  taskId?: string;
}

/** FC accepted an async invocation; it runs later, possibly more than once. */
export interface AsyncInvocation {
  requestId: string;
  taskId?: string;
}

export interface Invoker {
  /** Queues `payload` (serialized as JSON) for `functionName`; resolves once FC accepted it (202). */
  invokeAsync(functionName: string, payload: unknown, options?: InvokeOptions): Promise<AsyncInvocation>;
  /** Runs `functionName` now and returns its result (parsed when it is JSON). */
  invokeSync(functionName: string, payload: unknown, options?: InvokeOptions): Promise<unknown>;
}

/** FC's payload limits (reference §2.2): async 128 KB, sync 32 MB. */
export const ASYNC_PAYLOAD_LIMIT_BYTES = 128 * 1024;
export const SYNC_PAYLOAD_LIMIT_BYTES = 32 * 1024 * 1024;

export const TASK_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
