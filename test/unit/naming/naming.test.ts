import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendObjectName,
  dirtyObjectName,
  finalObjectName,
  isTimeZone,
  localToEpochMillis,
  zoneOffsetMillis,
  manifestObjectName,
  partialObjectName,
  renderTemplate,
  stagingPrefix,
  templateProblem,
  windowPrefix,
  type NamingJob,
} from '../../../shared/naming/index.js';

const job: NamingJob = {
  name: 'orders',
  instance: 'inst1',
  table: 'orders_t',
  objectTemplate: '{instance}/{table}/{yyyy}{MM}{dd}/{HH}{mm}',
  timeZone: 'Asia/Shanghai',
};
// 2026-11-25T02:05:00Z = 10:05 in Shanghai
const w = { startMillis: Date.UTC(2026, 10, 25, 2, 5), endMillis: Date.UTC(2026, 10, 25, 2, 10) };

test('the template renders date parts in the configured time zone from the window start', () => {
  assert.equal(windowPrefix(job, w), 'inst1/orders_t/20261125/1005');
  assert.equal(windowPrefix({ ...job, timeZone: 'UTC' }, w), 'inst1/orders_t/20261125/0205');
});

test('every name kind is deterministic and carries window and part zero-padded', () => {
  assert.equal(
    finalObjectName(job, w, 3, '.csv.gz'),
    'inst1/orders_t/20261125/1005/orders_1795572300000_1795572600000_000003.csv.gz',
  );
  assert.equal(
    partialObjectName(job, w, 'shard-a', 1, '.parquet'),
    '_ots2oss/orders/staging/1795572600000/shard-a/part-000001.parquet',
  );
  assert.equal(stagingPrefix(job, w), '_ots2oss/orders/staging/1795572600000/');
  assert.equal(
    dirtyObjectName(job, w, 'shard-a', 2),
    'inst1/orders_t/20261125/1005/_dirty/orders_1795572300000_1795572600000_shard-a_000002.jsonl',
  );
  assert.equal(manifestObjectName(job, w), '_ots2oss/orders/manifests/1795572300000_1795572600000.json');
  assert.equal(appendObjectName({ ...job, objectTemplate: 'x/{date}' }, w, '.csv'), 'x/20261125.csv');
  assert.equal(finalObjectName(job, w, 3, '.csv'), finalObjectName(job, w, 3, '.csv'));
});

test('names sort in window order and part order', () => {
  const flat = { ...job, objectTemplate: 'p' };
  const early = { startMillis: 5_000, endMillis: 10_000 };
  const late = { startMillis: 999_995_000, endMillis: 1_000_000_000 };
  const inOrder = [
    finalObjectName(flat, early, 2, '.csv'),
    finalObjectName(flat, early, 10, '.csv'),
    finalObjectName(flat, late, 1, '.csv'),
  ];
  assert.deepEqual([...inOrder].reverse().sort(), inOrder);
});

test('a local hour repeated at the DST change still gives two distinct names', () => {
  const ny = { ...job, timeZone: 'America/New_York', objectTemplate: 'd/{yyyy}{MM}{dd}/{HH}{mm}' };
  // 2026-11-01 01:30 EDT (05:30Z) and 01:30 EST (06:30Z)
  const first = { startMillis: Date.UTC(2026, 10, 1, 5, 30), endMillis: Date.UTC(2026, 10, 1, 5, 35) };
  const second = { startMillis: Date.UTC(2026, 10, 1, 6, 30), endMillis: Date.UTC(2026, 10, 1, 6, 35) };
  assert.equal(windowPrefix(ny, first), 'd/20261101/0130');
  assert.equal(windowPrefix(ny, second), 'd/20261101/0130');
  assert.notEqual(finalObjectName(ny, first, 1, '.csv'), finalObjectName(ny, second, 1, '.csv'));
  // spring forward: 02:30 local does not exist; 07:30Z is 03:30 EDT
  assert.equal(
    windowPrefix(ny, { startMillis: Date.UTC(2026, 2, 8, 7, 30), endMillis: 0 }),
    'd/20260308/0330',
  );
});

test('shard ids with unsafe characters are percent-encoded, never adding a path level', () => {
  assert.equal(
    partialObjectName(job, w, 'a/b c', 1, '.csv'),
    '_ots2oss/orders/staging/1795572600000/a%2Fb%20c/part-000001.csv',
  );
});

test('part numbers outside 1..999999 are rejected', () => {
  assert.throws(() => finalObjectName(job, w, 0, '.csv'), /part number/);
  assert.throws(() => finalObjectName(job, w, 1_000_000, '.csv'), /part number/);
});

test('templates with unknown tokens, leading slash or unmatched braces are described', () => {
  assert.equal(templateProblem('{instance}/{table}/{date}'), undefined);
  assert.match(templateProblem('a/{hour}') ?? '', /unknown token \{hour\}; accepted tokens: \{instance\}/);
  assert.match(templateProblem('/a') ?? '', /must not start with "\/"/);
  assert.match(templateProblem('a/{yyyy') ?? '', /unmatched/);
  assert.match(templateProblem('a//b') ?? '', /empty path segment/);
});

test('start, end, job and date tokens render', () => {
  assert.equal(
    renderTemplate('{job}/{start}-{end}/{date}', {
      instance: 'i',
      table: 't',
      job: 'j',
      startMillis: 1,
      endMillis: 2,
      timeZone: 'UTC',
    }),
    'j/0000000000001-0000000000002/19700101',
  );
});

test('local wall-clock times convert to instants in a zone, DST-safe', () => {
  assert.equal(
    localToEpochMillis({ year: 2026, month: 11, day: 25, hour: 10 }, 'Asia/Shanghai'),
    Date.UTC(2026, 10, 25, 2),
  );
  assert.equal(zoneOffsetMillis(Date.UTC(2026, 10, 25), 'Asia/Kathmandu'), (5 * 60 + 45) * 60_000);
  // 01:30 happens twice on 2026-11-01 in New York: the earlier instant (EDT) is taken
  assert.equal(
    localToEpochMillis({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York'),
    Date.UTC(2026, 10, 1, 5, 30),
  );
  // 02:30 does not exist on 2026-03-08: read with the offset before the gap, landing at 03:30 EDT
  assert.equal(
    localToEpochMillis({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York'),
    Date.UTC(2026, 2, 8, 7, 30),
  );
  assert.equal(
    localToEpochMillis({ year: 2026, month: 3, day: 8, second: 15 }, 'UTC'),
    Date.UTC(2026, 2, 8, 0, 0, 15),
  );
});

test('time zones are checked against the runtime zone database', () => {
  assert.equal(isTimeZone('Asia/Shanghai'), true);
  assert.equal(isTimeZone('UTC'), true);
  assert.equal(isTimeZone('Mars/Olympus'), false);
});
