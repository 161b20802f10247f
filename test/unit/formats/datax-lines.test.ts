/** Records → rows → text, end to end: the lines a DataX otsstream → oss job writes for the same changes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFormatter, formatOptions } from '../../../shared/formats/index.js';
import { RowBuilder, type LayoutSpec } from '../../../shared/records/index.js';
import type { StreamRecord } from '../../../shared/tablestore/index.js';
import { parseJobConfig } from '../../../shared/config/index.js';
import { exampleScript } from '../config/helpers.js';

const primaryKey = [{ name: 'uid', type: 'STRING' as const }];
const sequence = { epoch: 0, timestamp: 1_700_000_000_000_001, rowIndex: 0 };
const records: StreamRecord[] = [
  {
    action: 'PUT',
    primaryKey: [{ name: 'uid', value: 'u1' }],
    cells: [
      { name: 'name', op: 'PUT', value: 'Ann', timestamp: 1700000000000 },
      { name: 'amount', op: 'PUT', value: 1e10, timestamp: 1700000000000 },
    ],
    sequence,
  },
  {
    action: 'UPDATE',
    primaryKey: [{ name: 'uid', value: 'u1' }],
    cells: [
      { name: 'vip', op: 'PUT', value: true, timestamp: 1700000000500 },
      { name: 'amount', op: 'DELETE_ONE_VERSION', timestamp: 1700000000000 },
      { name: 'name', op: 'DELETE_ALL_VERSIONS' },
    ],
    sequence: { ...sequence, rowIndex: 1 },
  },
  {
    action: 'DELETE',
    primaryKey: [{ name: 'uid', value: 'u1' }],
    cells: [],
    sequence: { ...sequence, rowIndex: 2 },
  },
];

let lastCounts: RowBuilder['counts'] | undefined;
async function lines(spec: LayoutSpec, text: string): Promise<string> {
  const { config } = parseJobConfig(text);
  const builder = new RowBuilder(spec, 'shard-a');
  const out: Buffer[] = [];
  const f = createFormatter(formatOptions(config.output, builder.columns), {
    write: (c) => void out.push(Buffer.from(c)),
  });
  for (const r of records) await f.write(builder.rows(r));
  await f.finish();
  lastCounts = builder.counts;
  return Buffer.concat(out).toString('utf8');
}

test('multi-version csv lines for put, update (U/DO/DA) and delete, with sequence info', async () => {
  const text = exampleScript({ start: '1', end: '2' })
    .replace('"mode": "single_version_and_update_only",', '')
    .replace('"isExportSequenceInfo": false', '"isExportSequenceInfo": true');
  const seq = (row: number, col: number): string =>
    `0000000000_00001700000000000001_${String(row).padStart(10, '0')}_shard-a:${String(col).padStart(10, '0')}`;
  assert.equal(
    await lines({ mode: 'multi_version', columns: [], isExportSequenceInfo: true, primaryKey }, text),
    [
      `u1,null,null,null,DR,${seq(0, 0)}`,
      `u1,name,1700000000000,Ann,U,${seq(0, 1)}`,
      `u1,amount,1700000000000,10000000000,U,${seq(0, 2)}`,
      `u1,vip,1700000000500,true,U,${seq(1, 0)}`,
      `u1,amount,1700000000000,null,DO,${seq(1, 1)}`,
      `u1,name,null,null,DA,${seq(1, 2)}`,
      `u1,null,null,null,DR,${seq(2, 0)}`,
      '',
    ].join('\n'),
  );
});

test('row-mode csv lines from the Alibaba example script: the configured columns, the delete dropped and counted', async () => {
  const text = exampleScript({ start: '1', end: '2' });
  assert.equal(
    await lines(
      {
        mode: 'single_version_and_update_only',
        columns: ['uid', 'name'],
        isExportSequenceInfo: false,
        primaryKey,
      },
      text,
    ),
    'u1,Ann\nu1,null\n',
  );
  assert.deepEqual(lastCounts, { records: 3, rows: 2, droppedDeletes: 1, droppedEmpty: 0 });
});
