/**
 * The invoke API through the real @alicloud/fc2 client: both API paths, sync and async, the
 * signature check, FC-style function errors, timeouts, crashes, the memory limit, worker reuse.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import FC from '@alicloud/fc2';
import { KEYS, client, invoke3, startFixtureServer, type FixtureServer } from './helpers.js';

describe('local FC invoke API', () => {
  let s: FixtureServer;
  before(async () => {
    s = await startFixtureServer(
      {},
      {
        tablestore: {
          endpoint: 'http://127.0.0.1:1',
          instance: 'fixture-instance',
          accessKeyId: 'a',
          accessKeySecret: 'b',
        },
      },
    );
  });
  after(() => s.close());

  it('runs a sync invocation on the FC 2.0 path with FC event Buffer, context and environment', async () => {
    const res = await s.fc2.invokeFunction('any-service', 'echo', 'hello');
    const out = JSON.parse(res.data as string);
    assert.equal(out.isBuffer, true);
    assert.equal(out.event, 'hello');
    assert.equal(out.requestId, res.headers['x-fc-request-id']);
    assert.deepEqual(out.function, { name: 'echo', handler: 'echo.handler', memory: 256, timeout: 5 });
    assert.equal(out.region, 'cn-shanghai');
    assert.equal(out.accountId, s.info.accountId);
    assert.deepEqual(out.credentials, { accessKeyId: 'fixture-ak', hasSecret: true });
    assert.deepEqual(out.env, {
      GREETING: 'hello',
      FROM_ENV: 'fallback',
      REGION_OF_THIS: 'cn-shanghai',
      FC_FUNCTION_NAME: 'echo',
      LOCAL_FC_ENDPOINT: s.info.endpoint,
      LOCAL_TABLESTORE_ENDPOINT: 'http://127.0.0.1:1',
    });
    const record = await s.admin.invocation(out.requestId);
    assert.equal(record.status, 'succeeded');
    assert.match(record.logs, new RegExp(`${out.requestId} \\[INFO\\] echo got 5 bytes`));
    assert.match(record.logs, /plain console line/);
  });

  it('returns the tail of the logs with x-fc-log-type: Tail', async () => {
    const res = await s.fc2.invokeFunction('svc', 'echo', 'tail', { 'x-fc-log-type': 'Tail' });
    const logs = Buffer.from(res.headers['x-fc-log-result'] as string, 'base64').toString('utf8');
    assert.match(logs, /\[INFO\] echo got 4 bytes/);
  });

  it('runs a sync invocation on the FC 3.0 path and an ES module handler', async () => {
    const res = await invoke3(s.fc3, 'esm', 'x');
    assert.equal(res.data, 'esm:x');
    const again = await invoke3(s.fc3, 'echo', Buffer.from([0xff, 0x00]));
    assert.equal(JSON.parse(again.data as string).event, Buffer.from([0xff, 0x00]).toString('utf8'));
  });

  it('accepts async invocations on both paths with 202 and an empty body, and runs them later', async () => {
    const v2 = await s.fc2.invokeFunction('svc', 'record', 'async-v2', {
      'x-fc-invocation-type': 'Async',
      'x-fc-async-task-id': 'task-1',
    });
    assert.equal(v2.headers['x-fc-async-task-id'], 'task-1');
    const v3 = await invoke3(s.fc3, 'record', 'async-v3', true);
    assert.equal(v2.data, '');
    assert.equal(v3.data, '');
    await s.admin.waitIdle(10_000);
    for (const [res, text] of [
      [v2, 'async-v2'],
      [v3, 'async-v3'],
    ] as const) {
      const record = await s.admin.invocation(res.headers['x-fc-request-id'] as string);
      assert.equal(record.invocationType, 'Async');
      assert.equal(record.status, 'succeeded');
      assert.match(record.logs, new RegExp(`EVENT ${text}`));
    }
    assert.equal((await s.admin.invocation(v2.headers['x-fc-request-id'] as string)).taskId, 'task-1');
  });

  it('refuses a bad signature, an unknown key and a stale date the way FC does', async () => {
    await assert.rejects(
      client(s.info, 'wrong-secret').invokeFunction('svc', 'echo', 'x'),
      (err: Error & { code?: string }) => {
        assert.equal(err.name, 'FCSignatureNotMatchError');
        assert.match(err.message, /failed with 403/);
        return true;
      },
    );
    await assert.rejects(
      client(s.info, 'wrong-secret', '2023-03-30').post('/functions/echo/invocations', 'x'),
      /SignatureNotMatch|failed with 403/,
    );
    const res = await fetch(`${s.info.endpoint}/2023-03-30/functions/echo/invocations`, {
      method: 'POST',
      body: 'x',
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { ErrorCode: string }).ErrorCode, 'InvalidAccessKeyID');
    const stale = new FC(s.info.accountId, {
      ...{
        endpoint: s.info.endpoint,
        accessKeyID: KEYS.accessKeyId,
        accessKeySecret: KEYS.accessKeySecret,
        region: 'cn-shanghai',
      },
      headers: { date: new Date(Date.now() - 3_600_000).toUTCString() },
    });
    await assert.rejects(stale.invokeFunction('svc', 'echo', 'x'), { code: 'RequestTimeTooSkewed' });
    const ran = await s.admin.invocations({ functionName: 'echo' });
    assert.ok(
      ran.every((r) => r.status === 'succeeded'),
      'no refused request reached the function',
    );
  });

  it('answers an unknown function with FC 404 FunctionNotFound', async () => {
    await assert.rejects(s.fc2.invokeFunction('svc', 'nope', 'x'), {
      name: 'FCFunctionNotFoundError',
      code: 'FunctionNotFound',
    });
    await assert.rejects(invoke3(s.fc3, 'nope', 'x'), { code: 'FunctionNotFound' });
  });

  it('reports a function error with x-fc-error-type and FC error body, not an HTTP error', async () => {
    const res = await s.fc2.invokeFunction('svc', 'fail', 'boom');
    assert.equal(res.headers['x-fc-error-type'], 'HandledInvocationError');
    const body = res.data as { errorMessage: string; errorType: string; stackTrace: string[] };
    assert.equal(body.errorMessage, 'fixture failure');
    assert.equal(body.errorType, 'FixtureError');
    assert.match(body.stackTrace[0] ?? '', /fail\.js/);
    const v3 = await invoke3(s.fc3, 'fail', 'boom');
    assert.equal(v3.headers['x-fc-error-type'], 'HandledInvocationError');
  });

  it('reports a code directory that does not exist as FC reports a failed module import', async () => {
    const res = await s.fc2.invokeFunction('svc', 'ghost', 'x');
    assert.equal(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    const body = res.data as { errorMessage: string; errorType: string };
    assert.equal(body.errorType, 'ImportModuleError');
    assert.match(body.errorMessage, /not-built does not exist/);
  });

  it('kills a handler that outlives its timeout and keeps serving', async () => {
    const started = Date.now();
    const res = await s.fc2.invokeFunction('svc', 'slow', 'x');
    const took = Date.now() - started;
    assert.equal(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.match((res.data as { errorMessage: string }).errorMessage, /timed out after 1 seconds/);
    assert.ok(took >= 1000 && took < 10_000, `timeout answered after ${took} ms`);
    assert.equal((await invoke3(s.fc3, 'esm', 'still-up')).data, 'esm:still-up');
  });

  it('survives a handler that exits its process or throws outside its promise', async () => {
    const exit = await s.fc2.invokeFunction('svc', 'crash', 'exit');
    assert.equal(exit.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.match(
      (exit.data as { errorMessage: string }).errorMessage,
      /^Process exited unexpectedly before completing request/,
    );
    const thrown = await s.fc2.invokeFunction('svc', 'crash', 'throw-later');
    assert.equal(thrown.headers['x-fc-error-type'], 'UnhandledInvocationError');
    const record = await s.admin.invocation(thrown.headers['x-fc-request-id'] as string);
    assert.match(record.logs, /uncaught exception: Error: thrown from a timer/);
    const http = await fetch(`${s.info.endpoint}/http/crash/`);
    assert.equal(http.status, 502, 'an HTTP trigger whose instance dies answers 502');
    assert.equal(http.headers.get('x-fc-error-type'), 'UnhandledInvocationError');
    assert.equal((await s.fc2.invokeFunction('svc', 'esm', 'alive')).data, 'esm:alive');
  });

  it('enforces the memory limit by ending the instance, not the server', async () => {
    const res = await s.fc2.invokeFunction('svc', 'hog', 'x');
    assert.equal(res.headers['x-fc-error-type'], 'UnhandledInvocationError');
    assert.match(
      (res.data as { errorMessage: string }).errorMessage,
      /Process exited unexpectedly.*memory limit of 128 MB exceeded/,
    );
    const record = await s.admin.invocation(res.headers['x-fc-request-id'] as string);
    assert.match(record.logs, /heap out of memory/);
    assert.equal((await s.fc2.invokeFunction('svc', 'esm', 'after-oom')).data, 'esm:after-oom');
  });

  it('reuses an idle instance and starts one per concurrent invocation', async () => {
    const pid = async (event = 'p') =>
      JSON.parse((await s.fc2.invokeFunction('svc', 'echo', event)).data as string).pid as number;
    const first = await pid();
    assert.equal(await pid(), first, 'sequential calls share a warm instance');
    const pids = await Promise.all(Array.from({ length: 3 }, () => pid('sleep:300')));
    assert.equal(new Set(pids).size, 3, 'three concurrent calls ran in three processes');
  });
});
