/** Writing responses: the headers every OSS reply carries, XML bodies, and the error rendering. */
import type { OssContext } from './context.js';
import { OssError } from './errors.js';
import { buildXml, type XmlValue } from './xml.js';

export function commonHeaders(ctx: OssContext): Record<string, string> {
  return {
    'x-oss-request-id': ctx.requestId,
    Date: new Date(ctx.nowMs).toUTCString(),
    Server: 'AliyunOSS',
  };
}

export function sendEmpty(ctx: OssContext, status: number, headers: Record<string, string> = {}): void {
  ctx.res.writeHead(status, { ...commonHeaders(ctx), 'Content-Length': '0', ...headers });
  ctx.res.end();
}

export function sendXml(
  ctx: OssContext,
  root: string,
  body: XmlValue,
  headers: Record<string, string> = {},
  status = 200,
): void {
  const data = Buffer.from(buildXml(root, body), 'utf8');
  ctx.res.writeHead(status, {
    ...commonHeaders(ctx),
    'Content-Type': 'application/xml',
    'Content-Length': String(data.length),
    ...headers,
  });
  ctx.res.end(data);
}

export function errorXml(err: OssError, requestId: string, hostId: string): string {
  return buildXml('Error', {
    Code: err.code,
    Message: err.message,
    RequestId: requestId,
    HostId: hostId,
    ...err.fields,
  });
}

/** OSS's error reply; HEAD gets an empty body and the XML base64-encoded in `x-oss-err`. */
export function sendError(ctx: OssContext, err: OssError): void {
  const hostId = ctx.req.headers.host ?? '127.0.0.1';
  const xml = Buffer.from(errorXml(err, ctx.requestId, hostId), 'utf8');
  const headers: Record<string, string> = { ...commonHeaders(ctx), ...err.headers };
  if (ctx.method === 'HEAD') {
    ctx.res.writeHead(err.status, { ...headers, 'Content-Length': '0', 'x-oss-err': xml.toString('base64') });
    ctx.res.end();
    return;
  }
  ctx.res.writeHead(err.status, {
    ...headers,
    'Content-Type': 'application/xml',
    'Content-Length': String(xml.length),
  });
  ctx.res.end(xml);
}
