/**
 * Local Tablestore: HTTP only (kinesalite's `index.js`): read the body, authenticate, pick the
 * action, decode and validate, run it, answer protobuf or the real wire error.
 *
 * Options (`extra`): `tablestoreShards` (shards of a newly enabled stream, default 4),
 * `tablestoreSeekPageSize` (records one timestamp-seek call scans before paging with `next_token`,
 * default 10000), `tablestoreClockSkewMs` (enforce |clock − x-ots-date|; default unchecked).
 * `npm run local` passes no such flags, so each also reads an environment variable when absent:
 * LOCAL_TABLESTORE_SHARDS, LOCAL_TABLESTORE_SEEK_PAGE_SIZE, LOCAL_TABLESTORE_CLOCK_SKEW_MS.
 * With `dataDir` every acknowledged change survives restarts and kill -9 (see store/oplog.ts).
 * Test hooks live under `/_admin/` (see admin.ts; typed client in admin-client.ts).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningServer, StartServer } from '../contract.js';
import { ACTIONS } from './actions/index.js';
import { handleAdmin } from './admin.js';
import { authenticate, responseHeaders } from './auth.js';
import type { ActionContext, ServerSettings } from './context.js';
import { Faults } from './faults.js';
import { decodeMessage, encodeMessage, messageType } from './proto.js';
import { validate } from './rules.js';
import { Store } from './store/store.js';
import { invalid, OtsError, otsError, renderError } from './wire-error.js';

/** The real front end refuses bodies over 5 MB. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

function intOption(value: string | boolean | undefined, fallback: number, name: string): number {
  if (value === undefined || value === false) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`tablestore: --${name} must be a positive integer, got ${String(value)}`);
  return n;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  ctx: ActionContext,
  action: string,
  status: number,
  body: Buffer,
  requestId: string,
): void {
  res.writeHead(status, {
    ...responseHeaders(action, body, requestId, ctx.settings.credentials),
    'content-length': body.length,
  });
  res.end(body);
}

function sendError(
  res: ServerResponse,
  ctx: ActionContext,
  action: string,
  err: unknown,
  requestId: string,
): void {
  if (!(err instanceof OtsError)) {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`tablestore: ${action} failed: ${text}\n`);
  }
  const { status, body } = renderError(err);
  send(res, ctx, action, status, body, requestId);
}

async function handle(ctx: ActionContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const action = path.slice(1);
  try {
    const body = await readBody(req);
    if (path.startsWith('/_admin/')) return handleAdmin(ctx, req.method ?? 'GET', path, body, res);
    if (body === undefined) throw otsError('OTSRequestBodyTooLarge', 'The size of POST data is too large.');
    if (req.method !== 'POST') throw otsError('OTSMethodNotAllowed', 'Only POST method is supported.');
    const spec = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!spec) throw invalid(`Unsupported operation: ${action}.`);
    const settings = ctx.settings;
    authenticate(path, req.headers, body, {
      credentials: settings.credentials,
      instance: settings.instance,
      maxClockSkewMs: settings.maxClockSkewMs,
      nowMs: () => Date.now(),
    });
    const fault = ctx.faults.take(action, requestId, ctx.store.nowMs());
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    const failure = fault?.code
      ? new OtsError(fault.code, fault.message, { status: fault.status })
      : undefined;
    if (failure && !fault?.afterCommit) throw failure;
    let request: unknown;
    try {
      request = decodeMessage(messageType(`${action}Request`), body);
    } catch (err) {
      throw invalid(`Failed to parse the ProtoBuf message: ${(err as Error).message}.`);
    }
    validate(action, request);
    const response = spec.handler(ctx, request as never);
    // An `afterCommit` fault: the change happened, but the client only sees the error (lost answer).
    if (failure) throw failure;
    send(res, ctx, action, 200, encodeMessage(messageType(`${action}Response`), response), requestId);
  } catch (err) {
    if (res.headersSent) return void res.destroy();
    sendError(res, ctx, action, err, requestId);
  }
}

export const start: StartServer = async (options) => {
  const option = (key: string, env: string) => options.extra[key] ?? process.env[env];
  const skew = option('tablestoreClockSkewMs', 'LOCAL_TABLESTORE_CLOCK_SKEW_MS');
  const settings: ServerSettings = {
    credentials: options.credentials,
    instance: options.instance,
    shardCount: intOption(option('tablestoreShards', 'LOCAL_TABLESTORE_SHARDS'), 4, 'tablestoreShards'),
    seekPageSize: intOption(
      option('tablestoreSeekPageSize', 'LOCAL_TABLESTORE_SEEK_PAGE_SIZE'),
      10_000,
      'tablestoreSeekPageSize',
    ),
    maxClockSkewMs: skew ? intOption(skew, 0, 'tablestoreClockSkewMs') : undefined,
  };
  const store = new Store(settings.shardCount);
  if (options.dataDir) store.persistTo(options.dataDir);
  const ctx: ActionContext = { store, settings, faults: new Faults() };
  // `handle` answers every failure itself; this only guards against a failure while answering.
  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((err: unknown) => {
      process.stderr.write(`tablestore: could not answer ${req.url}: ${String(err)}\n`);
      res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const running: RunningServer = {
    info: {
      endpoint: `http://${options.host}:${port}`,
      instance: options.instance,
      accessKeyId: options.credentials.accessKeyId,
      accessKeySecret: options.credentials.accessKeySecret,
      admin: `http://${options.host}:${port}/_admin`,
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.close();
    },
  };
  return running;
};
