// `npm run build` on fixture functions, then the bundles run as FC runs them: CommonJS, on this
// Node (20 here, FC's newest runtime, although middy 7 declares Node >= 22: reference §4.2), with
// a Buffer event and an FC-shaped context, the SDKs FC preinstalls resolved from outside the bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signRequest } from '../../../shared/auth/signer.js';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/integration/build/fixtures/functions');
let out = '';

function runBuild(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['scripts/build.mjs', '--functions-dir', fixtures, '--out-dir', out, ...args],
    { cwd: root, encoding: 'utf8' },
  );
}

// Inside the project (an ESM package) on purpose: the bundle must still load as CommonJS.
before(() => {
  mkdirSync(join(root, 'dist'), { recursive: true });
  out = mkdtempSync(join(root, 'dist', '.build-test-'));
});
after(() => rmSync(out, { recursive: true, force: true }));

const CALL = `
const { handler } = require(process.argv[1]);
handler(Buffer.from(process.argv[2]), JSON.parse(process.argv[3])).then(
  (result) => console.log('RESULT ' + JSON.stringify({ ok: true, result })),
  (error) => console.log('RESULT ' + JSON.stringify({ ok: false, message: error.message, code: error.code })),
);`;

function invokeBundle(name: string, event: unknown, env: Record<string, string> = {}) {
  const context = {
    requestId: 'req-build-1',
    accountId: '1',
    region: 'cn-hangzhou',
    function: { name, timeout: 30 },
  };
  const child = spawnSync(
    process.execPath,
    ['-e', CALL, join(out, name, 'index.js'), JSON.stringify(event), JSON.stringify(context)],
    {
      cwd: out,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  );
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  const result = lines.find((l) => l.startsWith('RESULT '));
  assert.ok(result, `no RESULT line in:\n${child.stdout}\n${child.stderr}`);
  const logs = lines
    .filter((l) => !l.startsWith('RESULT '))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    outcome: JSON.parse(result.slice(7)) as {
      ok: boolean;
      result?: Record<string, unknown>;
      message?: string;
    },
    logs,
  };
}

test('every fixture function is bundled to <out>/<name>/index.js as CommonJS with FC SDKs external', () => {
  const build = runBuild();
  assert.equal(build.status, 0, build.stderr);
  assert.match(build.stdout, /build: echo → .*echo\/index\.js \(\d+\.\d KiB\)/);
  assert.match(build.stdout, /build: secured → /);
  for (const name of ['echo', 'secured']) {
    assert.deepEqual(JSON.parse(readFileSync(join(out, name, 'package.json'), 'utf8')), { type: 'commonjs' });
  }
  const bundle = readFileSync(join(out, 'echo', 'index.js'), 'utf8');
  assert.match(bundle, /module\.exports = __toCommonJS/);
  assert.match(bundle, /require\("@alicloud\/fc2"\)/);
  assert.ok(!bundle.includes('composeStringToSign'), 'fc2 itself must not be bundled');
  assert.ok(bundle.includes('executionModeStandard'), 'middy (ESM-only) is bundled');
});

test('the bundled event handler runs on this Node with a Buffer event', () => {
  const { outcome, logs } = invokeBundle('echo', { say: 'hello' });
  assert.equal(outcome.ok, true, outcome.message);
  assert.equal(outcome.result?.said, 'hello');
  assert.equal(outcome.result?.node, process.version);
  assert.equal(outcome.result?.fc2, 'function');
  const remaining = Number(outcome.result?.remainingMs);
  assert.ok(remaining > 25_000 && remaining <= 30_000, `remainingMs ${remaining}`);
  assert.deepEqual(
    logs.map((l) => l.msg),
    ['invocation start', 'echoing', 'invocation end'],
  );
  assert.ok(logs.every((l) => l.requestId === 'req-build-1' && l.fn === 'echo'));
});

test('a failing event handler rethrows (so FC would retry) and logs the failure', () => {
  const { outcome, logs } = invokeBundle('echo', { say: 'x', fail: true });
  assert.equal(outcome.ok, false);
  assert.equal(outcome.message, 'asked to fail');
  assert.equal(logs.at(-1)?.msg, 'invocation failed');
});

test('the bundled HTTP handler authenticates a signed FC HTTP event and refuses an anonymous one', () => {
  const secret = 'fixture-hmac-secret-0123';
  const body = '{"n":21}';
  const headers = signRequest({
    keyId: 'default',
    secret,
    method: 'POST',
    path: '/double',
    body,
    now: Date.now(),
  });
  const event = (h: Record<string, string>) => ({
    version: 'v1',
    rawPath: '/double',
    body,
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json', ...h },
    queryParameters: {},
    requestContext: { http: { method: 'POST', path: '/double' } },
  });
  const env = { BACKFILL_TOKEN: secret };
  const signed = invokeBundle('secured', event(headers), env);
  assert.equal(signed.outcome.result?.statusCode, 200);
  assert.equal(signed.outcome.result?.body, '{"doubled":42}');
  const anonymous = invokeBundle('secured', event({}), env);
  assert.equal(anonymous.outcome.result?.statusCode, 401);
  assert.ok(!JSON.stringify(anonymous.logs).includes(secret));
});

test('one function can be built by name; an unknown name fails and says what exists', () => {
  rmSync(join(out, 'echo'), { recursive: true, force: true });
  const one = runBuild('echo');
  assert.equal(one.status, 0, one.stderr);
  assert.ok(existsSync(join(out, 'echo', 'index.js')));
  const bad = runBuild('nope');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /no function nope .*\(have: echo, secured\)/);
});

test('an empty functions folder builds nothing and says so', () => {
  const empty = mkdtempSync(join(out, 'empty-'));
  const build = spawnSync(
    process.execPath,
    ['scripts/build.mjs', '--functions-dir', empty, '--out-dir', out],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(build.status, 0);
  assert.match(build.stderr, /nothing to bundle/);
});
