/**
 * FC 3.0 HTTP triggers for built-in runtimes: the request becomes the JSON event of reference §3.3
 * (`version: "v1"`, rawPath, headers, queryParameters, body base64 when binary, requestContext),
 * and the handler's `{statusCode, headers, isBase64Encoded, body}` becomes the response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvokeOutcome } from './worker.js';

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+(json|xml))/i;

/** `content-type` → `Content-Type`, as FC presents header names. */
const canonical = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

export interface HttpEventInput {
  req: IncomingMessage;
  body: Buffer;
  /** The path the function sees (after the local `/http/<function>` prefix), still URL-encoded. */
  rawPath: string;
  query: URLSearchParams;
  requestId: string;
  accountId: string;
  functionName: string;
}

export function toHttpEvent(input: HttpEventInput): Buffer {
  const { req, body, rawPath, query } = input;
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = canonical((req.rawHeaders[i] as string).toLowerCase());
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const queryParameters: Record<string, string> = {};
  for (const [k, v] of query) queryParameters[k] = k in queryParameters ? `${queryParameters[k]},${v}` : v;
  const isText = body.length === 0 || TEXT_TYPES.test(req.headers['content-type'] ?? '');
  const now = Date.now();
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // keep the raw path when it is not valid percent-encoding
  }
  const event = {
    version: 'v1',
    rawPath,
    headers,
    queryParameters,
    body: isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !isText,
    requestContext: {
      accountId: input.accountId,
      domainName: req.headers.host ?? '',
      domainPrefix: input.functionName,
      requestId: input.requestId,
      time: new Date(now).toUTCString(),
      timeEpoch: String(now),
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: req.headers['user-agent'] ?? '',
      },
    },
  };
  return Buffer.from(JSON.stringify(event));
}

interface HttpResult {
  statusCode?: number;
  headers?: Record<string, string | string[]>;
  isBase64Encoded?: boolean;
  body?: unknown;
}

export function writeHttpResponse(res: ServerResponse, requestId: string, outcome: InvokeOutcome): void {
  const base = { 'x-fc-request-id': requestId };
  if (!outcome.ok) {
    const body = JSON.stringify(outcome.error ?? {});
    res.writeHead(502, {
      ...base,
      'content-type': 'application/json',
      'x-fc-error-type': outcome.errorType ?? 'UnhandledInvocationError',
    });
    res.end(body);
    return;
  }
  const raw = outcome.body ?? Buffer.alloc(0);
  let parsed: HttpResult | undefined;
  if (outcome.kind === 'json') {
    const value = JSON.parse(raw.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && 'statusCode' in value) parsed = value as HttpResult;
  }
  if (!parsed) {
    // Without a statusCode the value itself is the body (objects as JSON), status 200.
    res.writeHead(200, {
      ...base,
      ...(outcome.kind === 'json' ? { 'content-type': 'application/json' } : {}),
    });
    res.end(raw);
    return;
  }
  const payload = parsed.body === undefined || parsed.body === null ? '' : parsed.body;
  const bytes =
    typeof payload === 'string'
      ? Buffer.from(payload, parsed.isBase64Encoded ? 'base64' : 'utf8')
      : Buffer.from(JSON.stringify(payload));
  res.writeHead(parsed.statusCode ?? 200, { ...(parsed.headers ?? {}), ...base });
  res.end(bytes);
}
