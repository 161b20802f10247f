// The FC plumbing on the local FC server: the invoker through the real @alicloud/fc2 client (from
// the test process, and from inside a bundled function fanning out with its context's keys), and
// the authentication middleware behind a real HTTP trigger, called with the project's client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import { DEFAULT_CREDENTIALS } from '../../../local/contract.js';
import { FcAdminClient } from '../../../local/fc/admin-client.js';
import { Fc2Invoker } from '../../../shared/invoker/fc2-invoker.js';
import { FunctionFailedError, InvokeError } from '../../../shared/invoker/errors.js';
import { callEndpoint, type ClientAuth } from '../../../shared/auth/client.js';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/integration/invoker/fixtures');
const dist = join(fixtures, 'dist');
let stack: LocalStack | undefined;
let endpoint = '';
let accountId = '';
let admin: FcAdminClient;
let triggerUrl = '';

before(async () => {
  const build = spawnSync(
    process.execPath,
    ['scripts/build.mjs', '--functions-dir', join(fixtures, 'functions'), '--out-dir', dist],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  assert.equal(build.status, 0, build.stderr);
  stack = await startLocalStack({
    only: ['fc'],
    extra: { sYaml: join(fixtures, 's.yaml'), retryBaseMs: '20' },
  });
  const info = stack.info.fc!;
  endpoint = info.endpoint;
  accountId = String(info.accountId);
  admin = new FcAdminClient(endpoint);
  triggerUrl = `${String(info.httpTriggerBase)}secured`;
});

after(async () => {
  await stack?.close();
  rmSync(dist, { recursive: true, force: true });
});

const invoker = (secret = DEFAULT_CREDENTIALS.accessKeySecret) =>
  new Fc2Invoker({
    accountId,
    region: 'cn-hangzhou',
    credentials: { ...DEFAULT_CREDENTIALS, accessKeySecret: secret },
    endpoint,
  });

async function recorded(): Promise<unknown[]> {
  const records = await admin.invocations({ functionName: 'record' });
  return records.flatMap((r) =>
    [...r.logs.matchAll(/RECORDED (.*)/g)].map((m) => JSON.parse(m[1] ?? 'null') as unknown),
  );
}

test('invokeSync runs the function and returns its parsed result', async () => {
  assert.deepEqual(await invoker().invokeSync('record', { n: 1 }), { recorded: { n: 1 } });
});

test('invokeAsync is accepted with a request id and the event arrives once', async () => {
  const accepted = await invoker().invokeAsync('record', { async: 'a1' }, { taskId: 'task_a1' });
  assert.match(accepted.requestId, /\S+/);
  assert.equal(accepted.taskId, 'task_a1');
  await admin.waitIdle(10_000);
  const record = await admin.invocation(accepted.requestId);
  assert.equal(record.invocationType, 'Async');
  assert.equal(record.status, 'succeeded');
  assert.deepEqual(
    (await recorded()).filter((e) => (e as { async?: string }).async === 'a1'),
    [{ async: 'a1' }],
  );
});

test('a function error in a sync call is a FunctionFailedError', async () => {
  await assert.rejects(invoker().invokeSync('record', { fail: 'boom' }), (err: unknown) => {
    assert.ok(err instanceof FunctionFailedError, String(err));
    assert.match(err.message, /asked to fail: boom/);
    return true;
  });
});

test('an unknown function is a non-retryable INVOKE_FUNCTION_NOT_FOUND', async () => {
  await assert.rejects(invoker().invokeAsync('nope', {}), (err: unknown) => {
    assert.ok(err instanceof InvokeError);
    assert.equal(err.code, 'INVOKE_FUNCTION_NOT_FOUND');
    assert.equal(err.details.fcErrorCode, 'FunctionNotFound');
    assert.equal(err.retryable, false);
    return true;
  });
});

test('a wrong secret is refused by the server signature check and surfaces as InvokeError', async () => {
  await assert.rejects(invoker('not-the-secret').invokeAsync('record', {}), (err: unknown) => {
    assert.ok(err instanceof InvokeError);
    assert.equal(err.retryable, false);
    assert.ok(
      (err.details.status ?? 0) >= 400 && (err.details.status ?? 0) < 500,
      `status ${err.details.status}`,
    );
    assert.ok(!err.message.includes('not-the-secret'));
    return true;
  });
});

test('a function fans out with the invoker built from its FC context and env', async () => {
  const payloads = [{ shard: 's0' }, { shard: 's1' }, { shard: 's2' }];
  const result = (await invoker().invokeSync('fanout', { target: 'record', payloads, taskPrefix: 'w1' })) as {
    endpoint: string;
    accepted: { requestId: string; taskId?: string }[];
  };
  assert.equal(result.endpoint, endpoint, 'the function found the local server through LOCAL_FC_ENDPOINT');
  assert.deepEqual(
    result.accepted.map((a) => a.taskId),
    ['w1_0', 'w1_1', 'w1_2'],
  );
  await admin.waitIdle(10_000);
  const arrived = (await recorded()).filter((e) => typeof (e as { shard?: string }).shard === 'string');
  assert.deepEqual(arrived.map((e) => (e as { shard: string }).shard).sort(), ['s0', 's1', 's2']);
});

const TOKEN = 'fixture-token-0123456789';

function secured(method: 'GET' | 'POST', path: string, auth: ClientAuth, body?: unknown) {
  return callEndpoint({ triggerUrl, method, path, auth, body });
}

test('an HMAC-signed POST through the HTTP trigger reaches the function with its principal and body', async () => {
  const answer = await secured(
    'POST',
    '/backfills?dryRun=true',
    { keyId: 'default', secret: TOKEN },
    { from: '2026-11-01' },
  );
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.deepEqual(answer.body, {
    principal: { scheme: 'hmac', keyId: 'default' },
    path: '/backfills',
    query: { dryRun: 'true' },
    body: { from: '2026-11-01' },
  });
});

test('a bearer GET through the HTTP trigger is accepted', async () => {
  const answer = await secured('GET', '/backfills/bf-1', { token: TOKEN });
  assert.equal(answer.status, 200);
  assert.deepEqual((answer.body as { principal: unknown }).principal, { scheme: 'bearer' });
});

test('anonymous, wrong token and wrong secret get 401 with the challenge; a malformed body after auth gets 400', async () => {
  for (const auth of [
    'anonymous',
    { token: 'not-the-token-0123456789' },
    { keyId: 'default', secret: 'not-the-secret-012345' },
  ] as ClientAuth[]) {
    const answer = await secured('POST', '/backfills', auth, { from: 'x' });
    assert.equal(answer.status, 401, JSON.stringify(auth));
    assert.equal(
      answer.headers.get('www-authenticate'),
      'HMAC-SHA256 realm="ots2oss", Bearer realm="ots2oss"',
    );
    assert.equal((answer.body as { error: { code: string } }).error.code, 'UNAUTHORIZED');
  }
  const bad = await secured('POST', '/backfills', { token: TOKEN }, { from: 1 });
  assert.equal(bad.status, 400);
  assert.match((bad.body as { error: { message: string } }).error.message, /body\.from/);
  const logs = (await admin.invocations({ functionName: 'secured' })).map((r) => r.logs).join('');
  assert.ok(
    !logs.includes(TOKEN) && !logs.includes('not-the-token-0123456789'),
    'no token in the function logs',
  );
});
