/**
 * Stream conformance: a seeded mix of PutRow / UpdateRow / DeleteRow / BatchWriteRow (delete one
 * and all versions, increments, failed conditions) over 4 shards, with a split, a merge and a
 * restart of the server process on its data dir in the middle. Reading every shard in lineage
 * order with our client must reproduce exactly the change log that was written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { tablestoreAdmin } from '../../../local/tablestore/admin-client.js';
import type { StreamRecord } from '../../../shared/tablestore/index.js';
import { buildScript, type ExpectedRecord, type RowChange, type Step } from './conformance-script.js';
import {
  createStreamTable,
  freePort,
  lineageOrder,
  readStream,
  sdkClient,
  startChild,
  stopChild,
  streamClient,
  tempDir,
  type Sdk,
} from './helpers.js';

const TABLE = 'ledger';
const KEYS = Array.from({ length: 32 }, (_, i) =>
  [1, 2].map((n) => ({ id: `key-${String(i).padStart(2, '0')}`, n })),
).flat();

async function runSingle(sdk: Sdk, change: RowChange): Promise<void> {
  const params = { tableName: TABLE, ...change.sdk };
  const call =
    change.type === 'PUT'
      ? sdk.putRow(params)
      : change.type === 'UPDATE'
        ? sdk.updateRow({
            tableName: TABLE,
            condition: change.sdk.condition,
            primaryKey: change.sdk.primaryKey,
            updateOfAttributeColumns: change.sdk.attributeColumns,
          })
        : sdk.deleteRow(params);
  if (change.expected) {
    await call;
  } else {
    await assert.rejects(
      call,
      (err: Error) => /OTSConditionCheckFail/.test(err.message),
      'the condition must fail',
    );
  }
}

async function runBatch(sdk: Sdk, changes: RowChange[]): Promise<void> {
  const res = await sdk.batchWriteRow({
    tables: [{ tableName: TABLE, rows: changes.map((c) => ({ type: c.type, ...c.sdk })) }],
  });
  const rows = res.tables as { isOk: boolean; errorCode?: string }[];
  assert.deepEqual(
    rows.map((r) => (r.isOk ? 'ok' : r.errorCode)),
    changes.map((c) => (c.expected ? 'ok' : 'OTSConditionCheckFail')),
  );
}

async function runSteps(sdk: Sdk, steps: Step[]): Promise<void> {
  for (const step of steps) {
    if (step.kind === 'single') await runSingle(sdk, step.change);
    else await runBatch(sdk, step.changes);
  }
}

/** Our record in the shape of the expected one; server-assigned timestamps checked for plausibility. */
function comparable(
  r: StreamRecord,
  serverTimes: { from: number; to: number },
  expected: ExpectedRecord | undefined,
): ExpectedRecord {
  return {
    action: r.action,
    id: r.primaryKey[0]!.value as string,
    n: r.primaryKey[1]!.value as bigint,
    cells: r.cells.map((c, i) => {
      const want = expected?.cells[i];
      const out: ExpectedRecord['cells'][number] = { name: c.name, op: c.op as 'PUT' };
      if (c.value !== undefined) out.value = c.value as ExpectedRecord['cells'][number]['value'];
      if (
        want?.timestamp === 'server' &&
        c.timestamp !== undefined &&
        c.timestamp >= serverTimes.from &&
        c.timestamp <= serverTimes.to
      ) {
        out.timestamp = 'server';
      } else if (c.timestamp !== undefined) out.timestamp = c.timestamp;
      return out;
    }),
  };
}

test('every shard read in lineage order reproduces the written change log across split, merge and restart', async () => {
  const dir = tempDir();
  let portBase = await freePort();
  const agent = new Agent({ keepAlive: false }); // no pooled socket outlives the restarted server
  let child: ChildProcess | undefined;
  try {
    const startedAt = Date.now();
    let server = await startChild(portBase, dir.path).catch(async () =>
      startChild((portBase = await freePort()), dir.path),
    ); // the probed port may be taken meanwhile
    child = server.child;
    const sdk = sdkClient(server.endpoint, { httpOptions: { agent } });
    const admin = tablestoreAdmin(server.endpoint);
    await createStreamTable(sdk, TABLE);

    const script = buildScript(20261125, 360, KEYS, Date.now() - 6 * 3600_000);
    const expected = script
      .flatMap((s) => (s.kind === 'single' ? [s.change] : s.changes))
      .flatMap((c) => (c.expected ? [c.expected] : []));
    const failed = script
      .flatMap((s) => (s.kind === 'single' ? [s.change] : s.changes))
      .filter((c) => !c.expected).length;
    assert.ok(failed >= 10, `the script has ${failed} failing conditions`);
    const cells = expected.flatMap((e) => e.cells);
    const coverage = {
      batches: script.filter((s) => s.kind === 'batch').length,
      deletes: expected.filter((e) => e.action === 'DELETE').length,
      deleteOneVersion: cells.filter((c) => c.op === 'DELETE_ONE_VERSION').length,
      deleteAllVersions: cells.filter((c) => c.op === 'DELETE_ALL_VERSIONS').length,
      increments: cells.filter((c) => c.name === 'cnt' && c.timestamp === 'server').length,
      serverTimestamps: cells.filter((c) => c.timestamp === 'server').length,
      int64BeyondDouble: cells.filter((c) => typeof c.value === 'bigint' && c.value > 2n ** 53n).length,
    };
    for (const [what, count] of Object.entries(coverage))
      assert.ok(count >= 10, `the script covers ${what} (${count})`);

    await runSteps(sdk, script.slice(0, 120));
    const { shards: initial } = await admin.shards(TABLE);
    assert.equal(initial.length, 4, 'four shards to start with');
    const split = await admin.split(TABLE, initial[0]!.shardId);

    await runSteps(sdk, script.slice(120, 210));
    const open = (await admin.shards(TABLE)).shards.filter((s) => s.open).sort((a, b) => a.hashLo - b.hashLo);
    const pair = open.findIndex(
      (s, i) =>
        open[i + 1] && s.hashHi === open[i + 1]!.hashLo && !split.children.includes(s.shardId as never),
    );
    assert.ok(pair >= 0, 'two adjacent open shards to merge');
    const merged = await admin.merge(TABLE, open[pair]!.shardId, open[pair + 1]!.shardId);

    await runSteps(sdk, script.slice(210, 280));
    await stopChild(child, 'SIGKILL'); // acknowledged writes must survive a crash, not only a clean stop
    server = await startChild(portBase, dir.path);
    child = server.child;
    await runSteps(sdk, script.slice(280));
    const serverTimes = { from: startedAt - 1000, to: Date.now() + 1000 };

    const client = streamClient(sdkClient(server.endpoint, { httpOptions: { agent } }));
    const { shards, records } = await readStream(client, TABLE);
    assert.equal(shards.length, 4 + 2 + 1, 'four shards, two split children, one merge child');
    const byId = new Map(shards.map((s) => [s.shardId, s]));
    assert.deepEqual(
      split.children.map((c) => byId.get(c)?.parentId),
      [initial[0]!.shardId, initial[0]!.shardId],
    );
    assert.equal(byId.get(merged.child)?.parentId, open[pair]!.shardId);
    assert.equal(byId.get(merged.child)?.parentSiblingId, open[pair + 1]!.shardId);
    for (const [shardId, list] of records) {
      if (shardId === initial[0]!.shardId || split.children.includes(shardId as never)) {
        assert.ok(list.length > 0, `shard ${shardId} on the split lineage has records`);
      }
    }

    // Per primary key, the records in lineage order must be exactly the successful writes, in order.
    const actualByKey = new Map<string, StreamRecord[]>();
    for (const shard of lineageOrder(shards)) {
      for (const r of records.get(shard.shardId)!) {
        const key = `${String(r.primaryKey[0]!.value)}|${String(r.primaryKey[1]!.value)}`;
        actualByKey.set(key, [...(actualByKey.get(key) ?? []), r]);
      }
    }
    const expectedByKey = new Map<string, ExpectedRecord[]>();
    for (const e of expected)
      expectedByKey.set(`${e.id}|${e.n}`, [...(expectedByKey.get(`${e.id}|${e.n}`) ?? []), e]);
    assert.deepEqual([...actualByKey.keys()].sort(), [...expectedByKey.keys()].sort());
    for (const [key, want] of expectedByKey) {
      const got = actualByKey.get(key)!.map((r, i) => comparable(r, serverTimes, want[i]));
      assert.deepEqual(got, want, `change log of ${key}`);
    }
    const total = [...records.values()].reduce((n, l) => n + l.length, 0);
    assert.equal(total, expected.length);
    assert.ok(expected.length > 300, `${expected.length} records checked`);
  } finally {
    if (child) await stopChild(child, 'SIGKILL');
    agent.destroy();
    dir.remove();
  }
});
