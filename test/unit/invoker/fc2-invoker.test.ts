import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fc2Invoker, invokerFromContext, toInvokeError } from '../../../shared/invoker/fc2-invoker.js';
import { FunctionFailedError, InvokeError } from '../../../shared/invoker/errors.js';

// A probe standing in for FC's HTTP front: records each request, answers as the test scripts.
interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const seen: Seen[] = [];
let reply: (res: ServerResponse) => void = (res) => res.writeHead(202, { 'x-fc-request-id': 'rid-1' }).end();
const probe = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    reply(res);
  });
});
await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => probe.close(() => resolve())));

const sts = { accessKeyId: 'STS.probe', accessKeySecret: 'probe-secret', securityToken: 'probe-token' };
const invoker = () =>
  new Fc2Invoker({
    accountId: '1234567890',
    region: 'cn-hangzhou',
    credentials: sts,
    endpoint,
    timeoutMs: 2000,
  });

test('invokeAsync posts the JSON payload to the FC 3.0 path, signed, and returns the request id', async () => {
  seen.length = 0;
  reply = (res) =>
    res.writeHead(202, { 'x-fc-request-id': 'rid-async', 'x-fc-async-task-id': 'task_1' }).end();
  const result = await invoker().invokeAsync(
    'shard',
    { windowEnd: 7 },
    { qualifier: 'LATEST', taskId: 'task_1' },
  );
  assert.deepEqual(result, { requestId: 'rid-async', taskId: 'task_1' });
  const [request] = seen;
  assert.equal(request?.method, 'POST');
  assert.equal(request?.url, '/2023-03-30/functions/shard/invocations?qualifier=LATEST');
  assert.equal(request?.headers['x-fc-invocation-type'], 'Async');
  assert.equal(request?.headers['x-fc-async-task-id'], 'task_1');
  assert.equal(request?.headers['x-fc-account-id'], '1234567890');
  assert.equal(request?.headers['x-fc-security-token'], 'probe-token');
  assert.match(String(request?.headers.authorization), /^FC STS\.probe:[A-Za-z0-9+/]+=*$/);
  assert.equal(request?.body, '{"windowEnd":7}');
});

test('invokeSync returns the parsed function result', async () => {
  reply = (res) =>
    res
      .writeHead(200, { 'content-type': 'application/json', 'x-fc-request-id': 'r' })
      .end('{"committed":true}');
  assert.deepEqual(await invoker().invokeSync('finalize', {}), { committed: true });
  reply = (res) => res.writeHead(200, { 'x-fc-request-id': 'r' }).end('{"rows":3}');
  assert.deepEqual(await invoker().invokeSync('finalize', {}), { rows: 3 });
});

test('a function error in a sync call becomes FunctionFailedError with FC error type and message', async () => {
  reply = (res) =>
    res
      .writeHead(200, {
        'content-type': 'application/json',
        'x-fc-error-type': 'UnhandledInvocationError',
        'x-fc-request-id': 'r9',
      })
      .end('{"errorMessage":"lease lost","errorType":"SyncError","stackTrace":[]}');
  await assert.rejects(invoker().invokeSync('finalize', {}), (err: unknown) => {
    assert.ok(err instanceof FunctionFailedError);
    assert.equal(err.errorType, 'UnhandledInvocationError');
    assert.equal(err.requestId, 'r9');
    assert.match(err.message, /lease lost/);
    return true;
  });
});

test('FunctionNotFound is a non-retryable INVOKE_FUNCTION_NOT_FOUND', async () => {
  reply = (res) =>
    res
      .writeHead(404, { 'content-type': 'application/json', 'x-fc-request-id': 'r404' })
      .end('{"ErrorCode":"FunctionNotFound","ErrorMessage":"function shrad does not exist"}');
  await assert.rejects(invoker().invokeAsync('shrad', {}), (err: unknown) => {
    assert.ok(err instanceof InvokeError);
    assert.equal(err.code, 'INVOKE_FUNCTION_NOT_FOUND');
    assert.deepEqual(err.details, {
      functionName: 'shrad',
      status: 404,
      fcErrorCode: 'FunctionNotFound',
      requestId: 'r404',
      retryable: false,
    });
    assert.match(
      err.message,
      /async invoke of shrad failed with 404 FunctionNotFound: function shrad does not exist/,
    );
    return true;
  });
});

test('throttling and server errors are retryable', async () => {
  for (const status of [429, 503]) {
    reply = (res) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end('{"ErrorCode":"ResourceThrottled","ErrorMessage":"slow down"}');
    await assert.rejects(
      invoker().invokeAsync('shard', {}),
      (err: unknown) => err instanceof InvokeError && err.retryable && err.details.status === status,
    );
  }
});

test('an unreachable endpoint is a retryable INVOKE_FAILED naming the network code', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const dead = new Fc2Invoker({
    accountId: '1',
    region: 'cn-hangzhou',
    credentials: sts,
    endpoint: `http://127.0.0.1:${port}`,
    timeoutMs: 2000,
  });
  await assert.rejects(dead.invokeAsync('shard', {}), (err: unknown) => {
    assert.ok(err instanceof InvokeError);
    assert.equal(err.code, 'INVOKE_FAILED');
    assert.ok(err.retryable);
    assert.match(err.message, /could not reach FC \(ECONNREFUSED\)/);
    return true;
  });
});

test('invokerFromContext takes keys, account and region from the context and the endpoint from env', async () => {
  seen.length = 0;
  reply = (res) => res.writeHead(202, { 'x-fc-request-id': 'ctx' }).end();
  const context = { accountId: '42', region: 'cn-shanghai', credentials: sts };
  const fromContext = invokerFromContext(context, { FC_ENDPOINT: endpoint });
  assert.equal(fromContext.endpoint, endpoint);
  assert.deepEqual(await fromContext.invokeAsync('finalize', { w: 1 }), { requestId: 'ctx' });
  assert.equal(seen[0]?.headers['x-fc-account-id'], '42');
  const inCloud = invokerFromContext(context, {});
  assert.equal(inCloud.endpoint, 'https://42.cn-shanghai-internal.fc.aliyuncs.com');
});

test('toInvokeError keeps the SDK error only as the cause', () => {
  const sdk = Object.assign(
    new Error('POST /functions/x/invocations failed with 400. requestid: r1, message: bad.'),
    { code: 'InvalidArgument' },
  );
  const err = toInvokeError('x', 'Async', sdk);
  assert.equal(err.code, 'INVOKE_FAILED');
  assert.equal(err.retryable, false);
  assert.equal(err.cause, sdk);
});
