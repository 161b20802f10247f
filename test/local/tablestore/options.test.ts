/** Server options: shard count (extra and env fallback) and the optional x-ots-date skew check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTable, startTablestore } from './helpers.js';
import { rawCall, sdkProto, wireError } from './raw.js';

describe('local tablestore: options', () => {
  it('gives new streams extra.tablestoreShards shards, or LOCAL_TABLESTORE_SHARDS when extra is silent', async () => {
    const saved = process.env.LOCAL_TABLESTORE_SHARDS;
    process.env.LOCAL_TABLESTORE_SHARDS = '3';
    const fromEnv = await startTablestore();
    const fromExtra = await startTablestore({ extra: { tablestoreShards: '6' } });
    try {
      for (const [h, expected] of [
        [fromEnv, 3],
        [fromExtra, 6],
      ] as const) {
        await createTable(h.client, 's', undefined, {
          streamSpecification: { enableStream: true, expirationTime: 24 },
        });
        assert.equal((await h.admin.shards('s')).shards.length, expected);
      }
    } finally {
      if (saved === undefined) delete process.env.LOCAL_TABLESTORE_SHARDS;
      else process.env.LOCAL_TABLESTORE_SHARDS = saved;
      await fromEnv.close();
      await fromExtra.close();
    }
  });

  it('refuses requests dated too far from the clock only when tablestoreClockSkewMs is set', async () => {
    const strict = await startTablestore({ extra: { tablestoreClockSkewMs: '900000' } });
    const lenient = await startTablestore();
    try {
      const body = sdkProto.ListTableRequest.encode({}).finish() as Uint8Array;
      const old = { 'x-ots-date': new Date(Date.now() - 3_600_000).toISOString() };
      const refused = await rawCall(strict.endpoint, 'ListTable', body, { headers: old });
      assert.equal(refused.status, 403);
      assert.match(wireError(refused.body).message, /^Mismatch between system time and x-ots-date/);
      assert.equal((await rawCall(strict.endpoint, 'ListTable', body)).status, 200);
      assert.equal((await rawCall(lenient.endpoint, 'ListTable', body, { headers: old })).status, 200);
    } finally {
      await strict.close();
      await lenient.close();
    }
  });
});
