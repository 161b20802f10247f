/**
 * Thin HTTP entry: read the body, pick the route (FC invoke paths, HTTP triggers under
 * `/http/<function>/`, the admin API under `/_local/`), check FC's signature where FC would, and
 * render failures in FC's own error shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from './admin.js';
import { readBody } from './body.js';
import { FcApiError, fcError, sendFcError } from './errors.js';
import { toHttpEvent, writeHttpResponse } from './http-trigger.js';
import { handleInvoke } from './invoke-api.js';
import type { LocalFc } from './runtime.js';
import { verifySignature } from './signature.js';
import type { TimerScheduler } from './timers.js';

const INVOKE_V2 = /^\/2016-08-15\/services\/([^/.]+)(?:\.([^/]+))?\/functions\/([^/]+)\/invocations$/;
const INVOKE_V3 = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/;
const HTTP_TRIGGER = /^\/http\/([^/]+)(\/.*)?$/;

export interface RouterDeps {
  fc: LocalFc;
  timers: TimerScheduler;
  secretOf: (accessKeyId: string) => string | undefined;
}

export function createRouter(deps: RouterDeps) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const requestId = deps.fc.newRequestId();
    route(deps, req, res, requestId).catch((err: unknown) => {
      const apiError =
        err instanceof FcApiError
          ? err
          : fcError(500, 'InternalServerError', (err as Error)?.message ?? String(err));
      if (!(err instanceof FcApiError))
        process.stderr.write(`local fc: ${(err as Error)?.stack ?? String(err)}\n`);
      if (res.headersSent) res.destroy();
      else sendFcError(res, apiError, requestId);
    });
  };
}

async function route(
  deps: RouterDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  if (!body) throw fcError(413, 'EntityTooLarge', 'request body is larger than 32 MB');

  if (url.pathname.startsWith('/_local/')) {
    return handleAdmin(
      deps.fc,
      deps.timers,
      { method, path: url.pathname.slice('/_local'.length), query: url.searchParams, body },
      res,
    );
  }

  const v2 = INVOKE_V2.exec(url.pathname);
  const v3 = INVOKE_V3.exec(url.pathname);
  if (v2 || v3) {
    if (method !== 'POST')
      throw fcError(405, 'MethodNotAllowed', `${method} is not allowed on ${url.pathname}; use POST`);
    authorize(deps, req, url, body);
    return handleInvoke(
      deps.fc,
      {
        functionName: decodeURIComponent((v2 ? v2[3] : v3?.[1]) as string),
        qualifier: v2 ? v2[2] : (url.searchParams.get('qualifier') ?? undefined),
        headers: req.headers,
        body,
        requestId,
      },
      res,
    );
  }

  const http = HTTP_TRIGGER.exec(url.pathname);
  if (http?.[1]) {
    const fn = deps.fc.functions.get(decodeURIComponent(http[1]));
    const trigger = fn?.http[0];
    if (!fn || !trigger)
      throw fcError(404, 'TriggerNotFound', `function '${http[1]}' has no http trigger in s.yaml`);
    if (!trigger.methods.includes(method)) {
      throw fcError(
        405,
        'MethodNotAllowed',
        `${method} is not in the trigger's methods (${trigger.methods.join(', ')})`,
      );
    }
    if (trigger.authType === 'function') authorize(deps, req, url, body);
    if (trigger.authType === 'jwt')
      throw fcError(501, 'NotImplemented', 'jwt auth is not emulated locally; use anonymous or function');
    const event = toHttpEvent({
      req,
      body,
      rawPath: http[2] ?? '/',
      query: url.searchParams,
      requestId,
      accountId: deps.fc.accountId,
      functionName: fn.name,
    });
    // FC 3.0 HTTP triggers can also be called asynchronously: 202 now, the function runs from the queue.
    if (String(req.headers['x-fc-invocation-type'] ?? '').toLowerCase() === 'async') {
      deps.fc.invokeAsync(fn, event, 'http', trigger.name, requestId);
      res.writeHead(202, { 'x-fc-request-id': requestId, 'content-length': 0 });
      res.end();
      return;
    }
    const { outcome } = await deps.fc.invokeSync(fn, event, 'http', trigger.name, requestId);
    return writeHttpResponse(res, requestId, outcome);
  }

  throw fcError(
    404,
    'PathNotFound',
    `no FC API at ${method} ${url.pathname}; invoke at /2016-08-15/services/<s>/functions/<f>/invocations or /2023-03-30/functions/<f>/invocations, HTTP triggers at /http/<function>/, admin at /_local/`,
  );
}

function authorize(deps: RouterDeps, req: IncomingMessage, url: URL, body: Buffer): void {
  const result = verifySignature(
    { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, query: url.searchParams, body },
    deps.secretOf,
  );
  if (typeof result !== 'string') throw result;
}
