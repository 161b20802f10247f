/**
 * Pure shaping of one FC 3.0 InvokeFunction request (reference §2.4):
 * `POST /2023-03-30/functions/{name}/invocations?qualifier=…` with `x-fc-invocation-type`.
 */
import { InvokeError } from './errors.js';
import {
  ASYNC_PAYLOAD_LIMIT_BYTES,
  SYNC_PAYLOAD_LIMIT_BYTES,
  TASK_ID_PATTERN,
  type InvokeOptions,
} from './invoker.js';

export const FC3_API_VERSION = '2023-03-30';

export type InvocationType = 'Async' | 'Sync';

export interface InvocationRequest {
  /** Path below the version prefix, as `@alicloud/fc2`'s `post` takes it. */
  path: string;
  body: Buffer;
  headers: Record<string, string>;
  queries: Record<string, string>;
}

// FC function names: letters, digits, `_`, `-`, starting with a letter or `_`, ≤ 128 chars.
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

export function invocationRequest(
  functionName: string,
  payload: unknown,
  type: InvocationType,
  options: InvokeOptions = {},
): InvocationRequest {
  const bad = (message: string) =>
    new InvokeError('INVOKE_BAD_REQUEST', message, { functionName, retryable: false });
  if (!FUNCTION_NAME.test(functionName))
    throw bad(`function name "${functionName}" is not a valid FC function name`);
  if (options.taskId !== undefined && !TASK_ID_PATTERN.test(options.taskId)) {
    throw bad(
      `task id "${options.taskId}" must start with a letter or _ and use only letters, digits, _ and - (≤ 128)`,
    );
  }
  const json = JSON.stringify(payload);
  if (json === undefined) throw bad(`payload for ${functionName} is not JSON-serializable`);
  const body = Buffer.from(json, 'utf8');
  const limit = type === 'Async' ? ASYNC_PAYLOAD_LIMIT_BYTES : SYNC_PAYLOAD_LIMIT_BYTES;
  if (body.length > limit) {
    throw new InvokeError(
      'INVOKE_PAYLOAD_TOO_LARGE',
      `${type.toLowerCase()} payload for ${functionName} is ${body.length} bytes; FC accepts at most ${limit}`,
      { functionName, retryable: false },
    );
  }
  const headers: Record<string, string> = { 'x-fc-invocation-type': type, 'x-fc-log-type': 'None' };
  if (options.taskId) headers['x-fc-async-task-id'] = options.taskId;
  const queries: Record<string, string> = options.qualifier ? { qualifier: options.qualifier } : {};
  return { path: `/functions/${encodeURIComponent(functionName)}/invocations`, body, headers, queries };
}
