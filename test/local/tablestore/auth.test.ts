/** Transport, authentication and wire errors of the local Tablestore. */
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CREDENTIALS } from '../../../local/contract.js';
import { createTable, rejectsWith, startTablestore, TableStore, type Harness } from './helpers.js';
import { rawCall, sdkProto, wireError } from './raw.js';

describe('local tablestore: transport and authentication', () => {
  let h: Harness;
  const describeBody = () => sdkProto.DescribeTableRequest.encode({ tableName: 't' }).finish() as Uint8Array;
  before(async () => {
    h = await startTablestore();
    await createTable(h.client, 't');
  });
  after(async () => {
    await h.close();
  });

  it('accepts a correctly signed raw request and answers with the headers Java/Python SDKs check', async () => {
    const res = await rawCall(h.endpoint, 'DescribeTable', describeBody());
    assert.equal(res.status, 200);
    assert.equal(sdkProto.DescribeTableResponse.decode(res.body).tableMeta.tableName, 't');
    assert.equal(res.headers.get('x-ots-contentmd5'), createHash('md5').update(res.body).digest('base64'));
    assert.equal(res.headers.get('x-ots-contenttype'), 'protocol buffer');
    assert.ok(res.headers.get('x-ots-requestid'));
    const ots = ['x-ots-contentmd5', 'x-ots-contenttype', 'x-ots-date', 'x-ots-requestid']
      .map((k) => `${k}:${res.headers.get(k)}\n`)
      .join('');
    const sig = createHmac('sha1', DEFAULT_CREDENTIALS.accessKeySecret)
      .update(`${ots}/DescribeTable`)
      .digest('base64');
    assert.equal(res.headers.get('authorization'), `OTS ${DEFAULT_CREDENTIALS.accessKeyId}:${sig}`);
  });

  it('answers 403 OTSAuthFailed to the SDK for a wrong key id, a wrong secret or a wrong instance', async () => {
    await rejectsWith(h.clientWith({ accessKeyId: 'nobody' }).listTable({}), 403, 'OTSAuthFailed');
    await rejectsWith(h.clientWith({ secretAccessKey: 'wrong' }).listTable({}), 403, 'OTSAuthFailed');
    await rejectsWith(
      h.clientWith({ instancename: 'other-instance' }).describeTable({ tableName: 't' }),
      403,
      'OTSAuthFailed',
    );
  });

  it('rejects a body whose MD5 does not match x-ots-contentmd5', async () => {
    const res = await rawCall(h.endpoint, 'DescribeTable', describeBody(), {
      md5: createHash('md5').update('other').digest('base64'),
    });
    assert.equal(res.status, 403);
    assert.deepEqual(
      { ...wireError(res.body) },
      {
        code: 'OTSAuthFailed',
        message: 'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.',
      },
    );
  });

  it('rejects missing headers, a wrong API version and a bad date with 400 OTSParameterInvalid', async () => {
    for (const headers of [
      { 'x-ots-date': undefined },
      { 'x-ots-apiversion': '2014-08-08' },
      { 'x-ots-date': 'yesterday' },
      { 'x-ots-instancename': undefined },
    ]) {
      const res = await rawCall(h.endpoint, 'DescribeTable', describeBody(), { headers });
      assert.equal(res.status, 400, JSON.stringify(headers));
      assert.equal(wireError(res.body).code, 'OTSParameterInvalid');
    }
  });

  it('answers unsupported operations, other methods and oversized bodies with the real codes', async () => {
    for (const name of ['constructor', '__proto__', 'toString', '']) {
      const res = await rawCall(h.endpoint, name, Buffer.alloc(0));
      assert.equal(res.status, 400, name);
      assert.equal(wireError(res.body).code, 'OTSParameterInvalid');
    }
    const search = await rawCall(h.endpoint, 'Search', Buffer.alloc(0));
    assert.equal(search.status, 400);
    assert.deepEqual(
      { ...wireError(search.body) },
      { code: 'OTSParameterInvalid', message: 'Unsupported operation: Search.' },
    );
    const get = await rawCall(h.endpoint, 'ListTable', Buffer.alloc(0), { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(wireError(get.body).code, 'OTSMethodNotAllowed');
    const big = await rawCall(h.endpoint, 'PutRow', Buffer.alloc(5 * 1024 * 1024 + 1));
    assert.equal(big.status, 413);
    assert.equal(wireError(big.body).code, 'OTSRequestBodyTooLarge');
  });

  it('answers malformed protobuf and missing required fields with 400 OTSParameterInvalid', async () => {
    for (const body of [Buffer.from([0xff, 0xff, 0xff]), Buffer.alloc(0), Buffer.from([0x0a, 0x10, 0x41])]) {
      const res = await rawCall(h.endpoint, 'DescribeTable', body);
      assert.equal(res.status, 400);
      assert.equal(wireError(res.body).code, 'OTSParameterInvalid');
    }
  });

  it('answers a row with a broken checksum with OTSParameterInvalid', async () => {
    // The SDK's own PK-only PlainBuffer for {id: 'a'}, then the same with its row checksum byte flipped.
    const row = Buffer.from(TableStore.PlainBufferBuilder.serializePrimaryKey([{ id: 'a' }]) as Uint8Array);
    const good = await rawCall(
      h.endpoint,
      'GetRow',
      sdkProto.GetRowRequest.encode({ tableName: 't', primaryKey: row, maxVersions: 1 }).finish(),
    );
    assert.equal(good.status, 200);
    const broken = Buffer.from(row);
    broken[broken.length - 1]! ^= 0xff;
    const res = await rawCall(
      h.endpoint,
      'GetRow',
      sdkProto.GetRowRequest.encode({ tableName: 't', primaryKey: broken, maxVersions: 1 }).finish(),
    );
    assert.equal(res.status, 400);
    assert.deepEqual(
      { ...wireError(res.body) },
      { code: 'OTSParameterInvalid', message: 'Cell data broken, checksum is mismatch.' },
    );
  });
});
