/**
 * The FC server in the whole local stack (`startLocalStack`, as `npm run local` starts it): a
 * function reaches the local OSS and Tablestore servers through the real SDKs with only what the
 * FC server gives it (LOCAL_* endpoints, context.credentials).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import FC from '@alicloud/fc2';
import { startLocalStack, type LocalStack } from '../../../local/stack.js';
import { DEFAULT_CREDENTIALS } from '../../../local/contract.js';
import { FIXTURE_S_YAML } from './helpers.js';

describe('local FC in the local stack', () => {
  let stack: LocalStack;
  before(async () => {
    stack = await startLocalStack({ extra: { sYaml: FIXTURE_S_YAML } });
  });
  after(() => stack?.close());

  it('gives functions the peers’ endpoints and keys, and they work', async () => {
    const info = stack.info.fc as NonNullable<LocalStack['info']['fc']> & { accountId: string };
    const fc = new FC(info.accountId, {
      endpoint: info.endpoint,
      accessKeyID: DEFAULT_CREDENTIALS.accessKeyId,
      accessKeySecret: DEFAULT_CREDENTIALS.accessKeySecret,
      region: 'cn-shanghai',
    });
    const env = JSON.parse((await fc.invokeFunction('svc', 'echo', 'e')).data as string).env;
    assert.equal(env.LOCAL_TABLESTORE_ENDPOINT, stack.info.tablestore?.endpoint);
    assert.equal(env.LOCAL_FC_ENDPOINT, info.endpoint);

    const res = await fc.invokeFunction('svc', 'peers', 'written from a function');
    assert.equal(res.headers['x-fc-error-type'], undefined, JSON.stringify(res.data));
    const out = JSON.parse(res.data as string);
    assert.equal(out.oss, 'written from a function');
    assert.ok(Array.isArray(out.tables));
  });
});
