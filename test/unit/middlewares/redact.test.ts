import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, scrubText, isSecretKey, REDACTED } from '../../../shared/middlewares/redact.js';

test('secret-named keys are replaced at any depth, other fields are kept', () => {
  const input = {
    region: 'cn-hangzhou',
    credentials: { accessKeyId: 'STS.x', accessKeySecret: 's1', securityToken: 't1' },
    job: { sink: { accessKeyId: 'LTAI', accessKeySecret: 's2', bucket: 'b' }, password: 'p', hmacKey: 'k' },
    headers: {
      Authorization: 'HMAC-SHA256 keyId=a, signature=zzz',
      'x-fc-security-token': 't2',
      accept: '*/*',
    },
    list: [{ apiToken: 't3', id: 1 }],
  };
  const out = redactSecrets(input) as typeof input;
  assert.equal(out.region, 'cn-hangzhou');
  assert.equal(out.credentials as unknown, REDACTED);
  assert.equal(out.job.sink.accessKeyId, 'LTAI');
  assert.equal(out.job.sink.accessKeySecret, REDACTED);
  assert.equal(out.job.sink.bucket, 'b');
  assert.equal(out.job.password, REDACTED);
  assert.equal(out.job.hmacKey, REDACTED);
  assert.equal(out.headers.Authorization, REDACTED);
  assert.equal(out.headers['x-fc-security-token'], REDACTED);
  assert.equal(out.headers.accept, '*/*');
  assert.deepEqual(out.list, [{ apiToken: REDACTED, id: 1 }]);
});

test('the input is not changed', () => {
  const input = { accessKeySecret: 's', nested: { token: 't' } };
  redactSecrets(input);
  assert.deepEqual(input, { accessKeySecret: 's', nested: { token: 't' } });
});

test('bearer tokens and signatures inside free text are masked', () => {
  assert.equal(scrubText('sent Bearer abc.def-123 to /x'), `sent Bearer ${REDACTED} to /x`);
  assert.equal(
    scrubText('HMAC-SHA256 keyId=k1, signature=q9+/w=='),
    `HMAC-SHA256 keyId=k1, signature=${REDACTED}`,
  );
  assert.equal(scrubText('authorization: FC STS.abc:c2lnbmF0dXJl'), `authorization: FC STS.abc:${REDACTED}`);
  assert.equal(scrubText('nothing secret here'), 'nothing secret here');
});

test('errors become plain objects with their own fields redacted, causes included', () => {
  const cause = Object.assign(new Error('denied with Bearer tok-1'), { securityToken: 'tok-2' });
  const err = Object.assign(new Error('invoke failed', { cause }), {
    code: 'X',
    config: { accessKeySecret: 's' },
  });
  const out = redactSecrets(err) as {
    [k: string]: unknown;
    config: Record<string, unknown>;
    cause: Record<string, unknown>;
  };
  assert.equal(out.type, 'Error');
  assert.equal(out.message, 'invoke failed');
  assert.equal(out.code, 'X');
  assert.equal(out.config.accessKeySecret, REDACTED);
  assert.equal(out.cause.message, `denied with Bearer ${REDACTED}`);
  assert.equal(out.cause.securityToken, REDACTED);
  assert.match(String(out.stack), /invoke failed/);
});

test('cycles, deep nesting and binary values are bounded', () => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  assert.deepEqual(redactSecrets(a), { name: 'a', self: '[Circular]' });
  let deep: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 30; i++) deep = { next: deep };
  assert.match(JSON.stringify(redactSecrets(deep)), /\[Truncated\]/);
  assert.equal(redactSecrets(Buffer.from('secret bytes')), '[binary 12 bytes]');
});

test('isSecretKey matches the documented patterns and not ordinary names', () => {
  for (const key of [
    'accessKeySecret',
    'securityToken',
    'Authorization',
    'password',
    'apiKey',
    'token',
    'cookie',
  ]) {
    assert.ok(isSecretKey(key), key);
  }
  for (const key of ['accessKeyId', 'region', 'bucket', 'functionName', 'keyId'])
    assert.ok(!isSecretKey(key), key);
});
