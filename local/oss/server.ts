/**
 * The HTTP entry, kinesalite style: admin requests aside, parse the request line, authenticate
 * (which also settles bucket-in-Host vs bucket-in-path), route to one action, apply any injected
 * fault, run the action, and turn every failure into OSS's error reply. Nothing thrown here may
 * reach the process: a bad request must never take the server down.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalCredentials } from '../contract.js';
import { ACTIONS } from './actions/index.js';
import { handleAdmin, isAdminRequest } from './admin.js';
import { anonymousAllowed, isAnonymous } from './auth/anonymous.js';
import { authenticate } from './auth/verify.js';
import { drainBody } from './body.js';
import type { OssContext, ServerSettings } from './context.js';
import { OssError } from './errors.js';
import { applyFault } from './faultEffects.js';
import type { FaultRegistry } from './faults.js';
import { parseQuery, targetsOf } from './request.js';
import { sendError } from './respond.js';
import { routeOf } from './routes.js';
import type { OssStore } from './store/ossStore.js';

export interface ServerDeps {
  store: OssStore;
  credentials: LocalCredentials;
  faults: FaultRegistry;
  settings: ServerSettings;
  log?: (message: string) => void;
}

const newRequestId = () => randomBytes(12).toString('hex').toUpperCase();

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (isAdminRequest(req)) return handleAdmin(req, res, deps.faults);
  const nowMs = Math.floor(deps.settings.now() / 1000) * 1000;
  const ctx: OssContext = {
    req,
    res,
    requestId: newRequestId(),
    method: req.method ?? 'GET',
    query: [],
    bucket: '',
    key: '',
    store: deps.store,
    settings: deps.settings,
    nowMs,
    bodyUsed: false,
  };
  try {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    ctx.query = parseQuery(q < 0 ? '' : url.slice(q + 1));
    const targets = targetsOf(req.headers.host, q < 0 ? url : url.slice(0, q));
    let op: string;
    try {
      const target = authenticate(
        { method: ctx.method, headers: req.headers, query: ctx.query, targets, nowMs: deps.settings.now() },
        deps.credentials,
      );
      ctx.bucket = target.bucket;
      ctx.key = target.key;
      op = routeOf(ctx);
    } catch (err) {
      // Without credentials only public resources are served; the first reading of the URL counts.
      if (!(err instanceof OssError && err.code === 'AccessDenied' && isAnonymous(req.headers, ctx.query)))
        throw err;
      ctx.bucket = targets[0]!.bucket;
      ctx.key = targets[0]!.key;
      op = routeOf(ctx);
      if (!anonymousAllowed(deps.store, op, ctx.bucket, ctx.key)) throw err;
    }
    const fault = deps.faults.take(op, ctx.bucket, ctx.key);
    if (fault && (await applyFault(ctx, fault))) return;
    await ACTIONS[op]!(ctx);
  } catch (caught) {
    const err =
      caught instanceof OssError
        ? caught
        : new OssError(500, 'InternalError', 'We encountered an internal error. Please try again.');
    if (!(caught instanceof OssError) && !req.destroyed)
      deps.log?.(`oss: ${ctx.method} ${req.url}: ${String(caught)}`);
    if (res.headersSent || res.destroyed || req.socket.destroyed) {
      res.destroy();
      return;
    }
    if (!ctx.bodyUsed) await drainBody(ctx);
    if (!res.headersSent && !res.destroyed) sendError(ctx, err);
  }
}

export function createOssServer(deps: ServerDeps): Server {
  // Lenient parser: ali-oss may send Content-Length and chunked together (reference §1.5).
  // 1 MiB stream buffers: a GET from the memory store writes socket-sized chunks, and with the
  // default 16 KiB the response accepted one at a time (~0.1 ms/MiB more CPU, docs/BENCHMARKS.md).
  const server = createServer(
    { insecureHTTPParser: true, requestTimeout: 0, highWaterMark: 1024 * 1024 },
    (req, res) => {
      req.on('error', () => undefined);
      res.on('error', () => undefined);
      handle(deps, req, res).catch((err: unknown) => {
        deps.log?.(`oss: unexpected failure: ${String(err)}`);
        res.destroy();
      });
    },
  );
  // Longer than agentkeepalive's 15 s free-socket timeout, so the client always closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  return server;
}
