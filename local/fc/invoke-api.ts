/**
 * InvokeFunction on both API paths (2016-08-15 services/…/functions/… and 2023-03-30 functions/…):
 * sync → 200 with the result (function errors as `x-fc-error-type` + JSON body, not an HTTP error);
 * async (`x-fc-invocation-type: Async`) → 202 with an empty body, run later by the queue.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { fcError } from './errors.js';
import type { LocalFc } from './runtime.js';

const MAX_ASYNC_BYTES = 128 * 1024;

export interface InvokeRequest {
  functionName: string;
  qualifier: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export async function handleInvoke(fc: LocalFc, req: InvokeRequest, res: ServerResponse): Promise<void> {
  const fn = fc.functions.get(req.functionName);
  if (!fn)
    throw fcError(
      404,
      'FunctionNotFound',
      `function '${req.functionName}' does not exist (s.yaml defines: ${[...fc.functions.keys()].join(', ')})`,
    );
  if (req.qualifier && req.qualifier !== 'LATEST') {
    throw fcError(
      404,
      'VersionNotFound',
      `qualifier '${req.qualifier}' does not exist; the local server serves LATEST only`,
    );
  }
  const type = String(req.headers['x-fc-invocation-type'] ?? 'Sync').toLowerCase();
  if (type !== 'sync' && type !== 'async')
    throw fcError(400, 'InvalidArgument', `x-fc-invocation-type must be Sync or Async, got '${type}'`);
  const base: Record<string, string> = { 'x-fc-request-id': req.requestId };

  if (type === 'async') {
    if (req.body.length > MAX_ASYNC_BYTES) {
      throw fcError(
        400,
        'EntityTooLarge',
        `async payload is ${req.body.length} bytes; the limit is ${MAX_ASYNC_BYTES}`,
      );
    }
    const taskId = req.headers['x-fc-async-task-id'] ?? req.headers['x-fc-stateful-async-invocation-id'];
    const record = fc.invokeAsync(fn, req.body, 'api', undefined, req.requestId);
    if (typeof taskId === 'string') record.taskId = taskId;
    // No JSON content-type: fc2 would JSON.parse('') and throw.
    res.writeHead(202, {
      ...base,
      ...(typeof taskId === 'string' ? { 'x-fc-async-task-id': taskId } : {}),
      'content-length': 0,
    });
    res.end();
    return;
  }

  const { outcome } = await fc.invokeSync(fn, req.body, 'api', undefined, req.requestId);
  const duration = outcome.startedAt ? Math.max(0, Math.round(outcome.endedAt - outcome.startedAt)) : 0;
  base['x-fc-invocation-duration'] = String(duration);
  if (String(req.headers['x-fc-log-type'] ?? '').toLowerCase() === 'tail') {
    const logs = Buffer.from(fc.store.get(req.requestId)?.logs ?? '');
    base['x-fc-log-result'] = logs.subarray(Math.max(0, logs.length - 4096)).toString('base64');
  }
  if (!outcome.ok) {
    const body = JSON.stringify(outcome.error ?? {});
    res.writeHead(200, {
      ...base,
      'x-fc-error-type': outcome.errorType ?? 'UnhandledInvocationError',
      'content-type': 'application/json',
    });
    res.end(body);
    return;
  }
  const body = outcome.body ?? Buffer.alloc(0);
  res.writeHead(200, { ...base, 'content-type': 'application/octet-stream', 'content-length': body.length });
  res.end(body);
}
