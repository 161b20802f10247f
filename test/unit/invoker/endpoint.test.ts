import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fcEndpoint, endpointOverrideFromEnv } from '../../../shared/invoker/endpoint.js';
import { credentialsFrom } from '../../../shared/invoker/credentials.js';

test('inside FC the endpoint is the account internal one', () => {
  assert.equal(
    fcEndpoint({ accountId: '1234567890123456', region: 'cn-hangzhou' }),
    'https://1234567890123456.cn-hangzhou-internal.fc.aliyuncs.com',
  );
  assert.equal(
    fcEndpoint({ accountId: '1234567890123456', region: 'ap-southeast-1', public: true }),
    'https://1234567890123456.ap-southeast-1.fc.aliyuncs.com',
  );
});

test('an override wins and is reduced to its origin', () => {
  assert.equal(
    fcEndpoint({ accountId: '1', region: 'cn-hangzhou', override: 'http://127.0.0.1:8802/' }),
    'http://127.0.0.1:8802',
  );
  assert.equal(
    fcEndpoint({ accountId: '', region: '', override: 'http://localhost:9000' }),
    'http://localhost:9000',
  );
});

test('bad inputs name what is wrong', () => {
  assert.throws(() => fcEndpoint({ accountId: '', region: 'cn-hangzhou' }), {
    code: 'INVALID_CONFIG',
    message: /account id/,
  });
  assert.throws(() => fcEndpoint({ accountId: '123', region: 'Hangzhou' }), /region "Hangzhou"/);
  assert.throws(
    () => fcEndpoint({ accountId: '123', region: 'cn-hangzhou', override: 'ftp://x' }),
    /http\(s\)/,
  );
  assert.throws(() => fcEndpoint({ accountId: '123', region: 'cn-hangzhou', override: 'nope' }), /not a URL/);
});

test('the override comes from FC_ENDPOINT, then LOCAL_FC_ENDPOINT', () => {
  assert.equal(endpointOverrideFromEnv({}), undefined);
  assert.equal(endpointOverrideFromEnv({ LOCAL_FC_ENDPOINT: 'http://127.0.0.1:1' }), 'http://127.0.0.1:1');
  assert.equal(
    endpointOverrideFromEnv({ FC_ENDPOINT: 'http://a:1', LOCAL_FC_ENDPOINT: 'http://b:2' }),
    'http://a:1',
  );
  assert.equal(endpointOverrideFromEnv({ FC_ENDPOINT: ' ' }), undefined);
});

test('credentials come from the FC context role, else from the ALIBABA_CLOUD_* env, never mixed', () => {
  const context = {
    credentials: { accessKeyId: 'STS.ctx', accessKeySecret: 'ctx-secret', securityToken: 'ctx-token' },
  };
  const env = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIenv',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret',
    ALIBABA_CLOUD_SECURITY_TOKEN: '',
  };
  assert.deepEqual(credentialsFrom(context, env), {
    accessKeyId: 'STS.ctx',
    accessKeySecret: 'ctx-secret',
    securityToken: 'ctx-token',
  });
  assert.deepEqual(credentialsFrom({}, env), { accessKeyId: 'LTAIenv', accessKeySecret: 'env-secret' });
  assert.deepEqual(credentialsFrom({ credentials: { accessKeyId: '', accessKeySecret: 'x' } }, env), {
    accessKeyId: 'LTAIenv',
    accessKeySecret: 'env-secret',
  });
});

test('missing or incomplete credentials are refused without printing the secret', () => {
  assert.throws(() => credentialsFrom({}, {}), { code: 'MISSING_CREDENTIALS', message: /role/ });
  assert.throws(
    () => credentialsFrom({ credentials: { accessKeyId: 'STS.abcdefghij', accessKeySecret: 'sk-1' } }, {}),
    (err: Error) =>
      /security token/.test(err.message) &&
      !err.message.includes('sk-1') &&
      !err.message.includes('abcdefghij'),
  );
});
