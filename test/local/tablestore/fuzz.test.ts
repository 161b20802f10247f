/**
 * Bad input never crashes the server: ≥ 10,000 signed requests whose bodies are mutated valid
 * requests of every API (bit flips, truncation, insertion, splices, garbage; a fifth of them sent
 * to another API) must all get a
 * well-formed answer: 200 with a decodable response, or a real OTS error with its real status —
 * never an internal error. Seeded, bounded, loopback only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STATUS_BY_CODE } from '../../../local/tablestore/wire-error.js';
import { condition, createTable, long, startTablestore, TableStore, type Harness } from './helpers.js';
import { rawCall, sdkProto, wireError } from './raw.js';
import { streamApi } from './stream-helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const BODIES = 10_000;
const IN_FLIGHT = 16;
const CROSS_TARGETS = [
  'PutRow',
  'UpdateRow',
  'DeleteRow',
  'GetRow',
  'GetRange',
  'BatchGetRow',
  'BatchWriteRow',
  'CreateTable',
  'UpdateTable',
  'DescribeTable',
  'ListStream',
  'DescribeStream',
  'GetShardIterator',
  'GetStreamRecord',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(body: Buffer, rnd: () => number): Buffer {
  const int = (n: number) => Math.floor(rnd() * n);
  let out = Buffer.from(body);
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    switch (int(6)) {
      case 0: // flip bits
        if (out.length) {
          const at = int(out.length);
          out[at] = out[at]! ^ (1 << int(8));
        }
        break;
      case 1: // set a byte to an interesting value
        if (out.length) out[int(out.length)] = [0, 0xff, 0x7f, 0x80, 0x75, 0x09, 0x0b, 0x03][int(8)]!;
        break;
      case 2: // truncate
        out = out.subarray(0, int(out.length + 1));
        break;
      case 3: {
        // insert random bytes
        const at = int(out.length + 1);
        const junk = Buffer.from(Array.from({ length: 1 + int(8) }, () => int(256)));
        out = Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
        break;
      }
      case 4: {
        // duplicate a slice
        const a = int(out.length + 1);
        const b = a + int(out.length - a + 1);
        out = Buffer.concat([out.subarray(0, b), out.subarray(a, b), out.subarray(b)]);
        break;
      }
      default: // pure garbage, now and then
        if (rnd() < 0.2) out = Buffer.from(Array.from({ length: int(64) }, () => int(256)));
    }
  }
  return out;
}

describe('local tablestore: fuzz', () => {
  let h: Harness;
  const seeds: [string, Buffer][] = [];
  before(async () => {
    h = await startTablestore({ extra: { tablestoreShards: '2' } });
    const PK = [
      { name: 'p', type: 'STRING' },
      { name: 'n', type: 'INTEGER' },
    ];
    await createTable(h.client, 'fz', PK, {
      streamSpecification: { enableStream: true, expirationTime: 24 },
    });
    await h.client.putRow({
      tableName: 'fz',
      condition: condition(),
      primaryKey: [{ p: 'a' }, { n: long(1) }],
      attributeColumns: [{ v: long(1) }],
    });
    const s = streamApi(h.client);
    const streamId = await s.streamId('fz');
    const [shardId] = await s.shardIds(streamId);
    const iter = (await s.iterator(streamId, shardId!)).shardIterator;
    const B = TableStore.PlainBufferBuilder;
    const pk = B.serializePrimaryKey([{ p: 'a' }, { n: long(1) }]);
    const inf = (x: unknown) => B.serializePrimaryKey([{ p: x }, { n: x }]);
    const cond = (extra: Record<string, unknown> = {}) => ({ rowExistence: 0, ...extra });
    const add = (action: string, message: Record<string, unknown>) =>
      seeds.push([action, Buffer.from(sdkProto[`${action}Request`].encode(message).finish())]);
    add('PutRow', {
      tableName: 'fz',
      row: B.serializeForPutRow(
        [{ p: 'b' }, { n: long(2) }],
        [{ s: 'x' }, { d: 1.5 }, { t: true }, { i: long(3) }],
      ),
      condition: cond(),
    });
    add('UpdateRow', {
      tableName: 'fz',
      rowChange: B.serializeForUpdateRow(
        [{ p: 'a' }, { n: long(1) }],
        [
          { PUT: [{ w: 'y', timestamp: Date.now() }] },
          { DELETE: [{ v: long(Date.now()) }] },
          { DELETE_ALL: ['z'] },
          { INCREMENT: [{ c: long(1) }] },
        ],
      ),
      condition: cond(),
      returnContent: { returnType: 2, returnColumnNames: ['c'] },
    });
    add('DeleteRow', {
      tableName: 'fz',
      primaryKey: B.serializeForDeleteRow([{ p: 'q' }, { n: long(9) }]),
      condition: cond(),
    });
    add('GetRow', {
      tableName: 'fz',
      primaryKey: pk,
      maxVersions: 2,
      columnsToGet: ['v'],
      timeRange: { startTime: 0, endTime: Date.now() },
    });
    add('GetRange', {
      tableName: 'fz',
      direction: 0,
      inclusiveStartPrimaryKey: inf(TableStore.INF_MIN),
      exclusiveEndPrimaryKey: inf(TableStore.INF_MAX),
      maxVersions: 1,
      limit: 10,
    });
    add('BatchGetRow', { tables: [{ tableName: 'fz', primaryKey: [pk, pk], maxVersions: 1 }] });
    add('BatchWriteRow', {
      tables: [
        {
          tableName: 'fz',
          rows: [
            {
              type: 1,
              rowChange: B.serializeForPutRow([{ p: 'c' }, { n: long(3) }], [{ v: long(3) }]),
              condition: cond(),
            },
          ],
        },
      ],
    });
    add('CreateTable', {
      tableMeta: { tableName: 'fz2', primaryKey: [{ name: 'id', type: 2 }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
      streamSpec: { enableStream: true, expirationTime: 1 },
    });
    add('UpdateTable', { tableName: 'fz', tableOptions: { maxVersions: 2 } });
    add('DescribeTable', { tableName: 'fz' });
    add('DeleteTable', { tableName: 'fz2' });
    add('ListStream', { tableName: 'fz' });
    add('DescribeStream', { streamId, shardLimit: 1 });
    add('GetShardIterator', { streamId, shardId });
    add('GetStreamRecord', { shardIterator: iter, limit: 5 });
    // A column condition, so the filter decoder is fuzzed too.
    const filterCondition = new TableStore.SingleColumnCondition(
      'v',
      long(1),
      TableStore.ComparatorType.EQUAL,
      true,
    );
    const encoded = TableStore.encoder.encode('putRow', {
      tableName: 'fz',
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, filterCondition),
      primaryKey: [{ p: 'a' }, { n: long(1) }],
      attributeColumns: [{ v: long(1) }],
    });
    seeds.push(['PutRow', Buffer.from(sdkProto.PutRowRequest.encode(encoded).finish())]);
  });
  after(async () => {
    await h.close();
  });

  it(`answers ${BODIES} mutated bodies with well-formed responses and never an internal error (seed ${SEED})`, async () => {
    const rnd = mulberry32(SEED);
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < BODIES) {
        const i = next++;
        const [seedAction, body] = seeds[i % seeds.length]!;
        // One in five bodies goes to another API, so each decoder also sees foreign messages
        // (not DeleteTable: most bodies name 'fz' first and would just delete it).
        const action = rnd() < 0.2 ? CROSS_TARGETS[Math.floor(rnd() * CROSS_TARGETS.length)]! : seedAction;
        const mutated = mutate(body, rnd);
        const res = await rawCall(h.endpoint, action, mutated);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) continue;
        let err: { code: string } | undefined;
        try {
          err = wireError(res.body);
        } catch {
          problems.push(`#${i} ${action}: status ${res.status} with an undecodable body`);
          continue;
        }
        if (STATUS_BY_CODE[err.code] !== res.status || res.status >= 500) {
          problems.push(
            `#${i} ${action}: ${res.status} ${err.code} for body ${mutated.toString('hex').slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify([...statuses]));
    assert.deepEqual(problems.slice(0, 10), []);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    assert.equal(total, BODIES);
    assert.ok(
      (statuses.get(400) ?? 0) > BODIES / 4,
      `most mutations are rejected: ${JSON.stringify([...statuses])}`,
    );
    // Still serving normally afterwards.
    await createTable(h.client, 'after_fuzz');
    await h.client.putRow({
      tableName: 'after_fuzz',
      condition: condition(),
      primaryKey: [{ id: 'x' }],
      attributeColumns: [{ v: 'ok' }],
    });
    const { row } = await h.client.getRow({ tableName: 'after_fuzz', primaryKey: [{ id: 'x' }] });
    assert.equal(row.attributes[0].columnValue, 'ok');
  });
});
