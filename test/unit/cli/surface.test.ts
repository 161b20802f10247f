/** The CLI's small pure pieces: placeholder values, masking, exit-code mapping, option parsing, reporters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ConfigError } from '../../../shared/config/index.js';
import { CliUsageError } from '../../../shared/cli/errors.js';
import { EXIT, exitCodeFor } from '../../../shared/cli/exit-codes.js';
import { maskId } from '../../../shared/cli/mask.js';
import { barReporter, jsonReporter } from '../../../shared/cli/reporter.js';
import { parseTime, parseWindowCount } from '../../../shared/cli/run-export.js';
import { collectVariables } from '../../../shared/cli/variables.js';
import { SyncError } from '../../../shared/errors.js';
import { OssError } from '../../../shared/oss/index.js';
import { TablestoreError } from '../../../shared/tablestore/index.js';
import type { WindowSummary } from '../../../shared/export/index.js';

test('--var wins over OTS2OSS_VAR_ environment variables; values may contain "="', () => {
  assert.deepEqual(
    collectVariables(['start_time=1', 'q=a=b'], {
      OTS2OSS_VAR_start_time: '0',
      OTS2OSS_VAR_end_time: '2',
      OTHER: 'x',
    }),
    { start_time: '1', end_time: '2', q: 'a=b' },
  );
  assert.throws(() => collectVariables(['=1'], {}), CliUsageError);
});

test('access key ids keep two characters each side; short ones are hidden', () => {
  assert.equal(maskId('LTAI5tExampleKeyId'), 'LT****Id');
  assert.equal(maskId('abc'), '****');
});

test('exit codes: config and usage 2, unreachable or refused credentials 4, anything else 1', () => {
  assert.equal(exitCodeFor(new ConfigError('x')), EXIT.badConfig);
  assert.equal(exitCodeFor(new CliUsageError('x')), EXIT.badConfig);
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  assert.equal(
    exitCodeFor(new SyncError('EXPORT_SETUP', 'DescribeTable failed', { cause: refused })),
    EXIT.unreachable,
  );
  assert.equal(
    exitCodeFor(new TablestoreError('OTSAuthFailed', 'denied', { otsCode: 'OTSAuthFailed' } as never)),
    EXIT.unreachable,
  );
  assert.equal(
    exitCodeFor(new OssError('list', 'k', { status: 404, ossCode: 'NoSuchBucket', message: 'no' })),
    EXIT.unreachable,
  );
  assert.equal(exitCodeFor(new SyncError('DIRTY_LIMIT', 'too many dirty records')), EXIT.exportFailed);
});

test('--until/--from take ISO-8601 or epoch ms; --windows a positive whole number', () => {
  assert.equal(parseTime('--until', '2026-11-25T08:00:00Z'), Date.UTC(2026, 10, 25, 8));
  assert.equal(parseTime('--until', '1764057600000'), 1764057600000);
  assert.throws(
    () => parseTime('--until', 'tomorrow'),
    /--until tomorrow: expected ISO-8601 or epoch milliseconds/,
  );
  assert.equal(parseWindowCount('3'), 3);
  for (const bad of ['0', '-1', '1.5', 'x']) assert.throws(() => parseWindowCount(bad), CliUsageError);
});

const summary: WindowSummary = {
  window: { startMillis: 0, endMillis: 60_000 },
  state: 'committed',
  epoch: 1,
  rows: 5,
  bytes: 50,
  late: 0,
  dirty: 0,
  objects: ['out/a.csv'],
  manifestKey: '_ots2oss/j/manifests/a.json',
  durationMs: 12,
};

test('without a terminal: one JSON line per window', () => {
  let out = '';
  const r = jsonReporter({ write: (s) => void (out += s) });
  r.plan(2);
  r.window(summary);
  r.window({ ...summary, state: 'failed', error: new SyncError('X', 'boom') });
  r.stop();
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.deepEqual(lines[0].window, {
    start: 0,
    end: 60_000,
    startIso: '1970-01-01T00:00:00.000Z',
    endIso: '1970-01-01T00:01:00.000Z',
  });
  assert.equal(lines[0].manifest, summary.manifestKey);
  assert.deepEqual(lines[1].error, { code: 'X', message: 'boom' });
});

test('on a terminal: a progress bar on stderr, then a line per window on stdout', () => {
  let out = '';
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => (err += String(c)));
  Object.assign(stderr, {
    isTTY: true,
    columns: 100,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  const r = barReporter({ write: (s) => void (out += s) }, stderr);
  r.plan(1);
  r.event({ event: 'shard.done', shardId: 's1' });
  r.window(summary);
  r.stop();
  assert.match(
    out,
    /^\[1970-01-01T00:00:00\.000Z, 1970-01-01T00:01:00\.000Z\) committed: 5 rows, 50 bytes, 1 object\(s\)/,
  );
  assert.match(err, /windows .* 1\/1 \| shards done 1 \| rows 5/);
});
