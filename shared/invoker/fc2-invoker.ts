/**
 * `Invoker` over `@alicloud/fc2` on the FC 3.0 path: the fc2 client (preinstalled in FC's Node
 * runtimes, so the bundle keeps it external) is pointed at `/2023-03-30` and posts to
 * `/functions/{name}/invocations`, signed with the FC signature (reference §0 item 3, §2.3 B).
 * fc2's own errors never leave this module: they become `InvokeError` / `FunctionFailedError`.
 */
import FCClient from '@alicloud/fc2';
import type { FcResponse } from '@alicloud/fc2';
import type { AsyncInvocation, InvokeOptions, Invoker } from './invoker.js';
import { FunctionFailedError, InvokeError } from './errors.js';
import { FC3_API_VERSION, invocationRequest, type InvocationType } from './request.js';
import { fcEndpoint, endpointOverrideFromEnv } from './endpoint.js';
import { credentialsFrom, type FcCredentials } from './credentials.js';

export interface Fc2InvokerOptions {
  accountId: string;
  region: string;
  credentials: FcCredentials;
  /** Base URL; derived from account id and region (internal endpoint) when absent. */
  endpoint?: string;
  /** Connect and read timeout per call. */
  timeoutMs: number;
}

export const fc2InvokerDefaults = Object.freeze({ timeoutMs: 30_000 });

export class Fc2Invoker implements Invoker {
  readonly endpoint: string;
  private readonly client: FCClient;

  constructor(options: Omit<Fc2InvokerOptions, 'timeoutMs'> & Partial<Fc2InvokerOptions>) {
    const { accountId, region, credentials, timeoutMs } = { ...fc2InvokerDefaults, ...options };
    this.endpoint = fcEndpoint({ accountId, region, override: options.endpoint });
    this.client = new FCClient(accountId, {
      accessKeyID: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      securityToken: credentials.securityToken,
      region,
      endpoint: this.endpoint,
      timeout: timeoutMs,
    });
    this.client.version = FC3_API_VERSION;
  }

  async invokeAsync(
    functionName: string,
    payload: unknown,
    options: InvokeOptions = {},
  ): Promise<AsyncInvocation> {
    const response = await this.send(functionName, payload, 'Async', options);
    const requestId = header(response, 'x-fc-request-id') ?? '';
    const taskId = header(response, 'x-fc-async-task-id') ?? options.taskId;
    return taskId ? { requestId, taskId } : { requestId };
  }

  async invokeSync(functionName: string, payload: unknown, options: InvokeOptions = {}): Promise<unknown> {
    const response = await this.send(functionName, payload, 'Sync', options);
    const errorType = header(response, 'x-fc-error-type');
    if (errorType) {
      const body = parseMaybeJson(response.data) as { errorMessage?: unknown } | undefined;
      const message = typeof body?.errorMessage === 'string' ? body.errorMessage : String(response.data);
      throw new FunctionFailedError(functionName, errorType, message, header(response, 'x-fc-request-id'));
    }
    return parseMaybeJson(response.data);
  }

  private async send(
    functionName: string,
    payload: unknown,
    type: InvocationType,
    options: InvokeOptions,
  ): Promise<FcResponse> {
    const request = invocationRequest(functionName, payload, type, options);
    try {
      return await this.client.post(request.path, request.body, request.headers, request.queries);
    } catch (cause) {
      throw toInvokeError(functionName, type, cause);
    }
  }
}

/**
 * Builds the invoker a running function uses: keys from its context (role STS), account id and
 * region from the context or FC's env, endpoint from `FC_ENDPOINT` / `LOCAL_FC_ENDPOINT` if set.
 * Build it per invocation: STS keys expire, the context always carries fresh ones.
 */
export function invokerFromContext(context: unknown, env: Record<string, string | undefined>): Fc2Invoker {
  const ctx = context as { accountId?: string; region?: string } | undefined;
  return new Fc2Invoker({
    accountId: ctx?.accountId || env.FC_ACCOUNT_ID || '',
    region: ctx?.region || env.FC_REGION || '',
    credentials: credentialsFrom(context, env),
    endpoint: endpointOverrideFromEnv(env),
  });
}

function header(response: FcResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseMaybeJson(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}

// fc2 throws `Error("POST <path> failed with <status>. requestid: <id>, message: <msg>.")` with
// `code` = FC's ErrorCode; transport failures come from httpx/net with their own codes.
const FC2_FAILURE = /failed with (\d{3})\. requestid: ([^,]*), message: (.*)\.$/s;

export function toInvokeError(functionName: string, type: InvocationType, cause: unknown): InvokeError {
  const err = cause as { message?: unknown; code?: unknown; name?: unknown } | null;
  const text = typeof err?.message === 'string' ? err.message : String(cause);
  const match = FC2_FAILURE.exec(text);
  const what = `${type.toLowerCase()} invoke of ${functionName}`;
  if (!match) {
    const code =
      typeof err?.code === 'string' ? err.code : typeof err?.name === 'string' ? err.name : 'unknown';
    return new InvokeError(
      'INVOKE_FAILED',
      `${what} could not reach FC (${code}): ${text}`,
      { functionName, retryable: true },
      { cause },
    );
  }
  const status = Number(match[1]);
  const requestId = match[2] && match[2] !== 'undefined' ? match[2] : undefined;
  const fcErrorCode = typeof err?.code === 'string' ? err.code : undefined;
  const fcMessage = match[3] && match[3] !== 'undefined' ? match[3] : 'no message';
  const details = {
    functionName,
    status,
    fcErrorCode,
    requestId,
    retryable: status === 429 || status >= 500,
  };
  const code = status === 404 ? 'INVOKE_FUNCTION_NOT_FOUND' : 'INVOKE_FAILED';
  const message = `${what} failed with ${status}${fcErrorCode ? ` ${fcErrorCode}` : ''}: ${fcMessage}`;
  return new InvokeError(code, message, details, { cause });
}
