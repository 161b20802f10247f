import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, parseLogLevel } from '../../../shared/middlewares/logger.js';
import { memoryDestination } from './helpers.js';

const SECRETS = [
  'sk-very-secret-1',
  'sts-token-2',
  'hmac-sig-3',
  'bearer-tok-4',
  'child-secret-5',
  'err-secret-6',
  'pw-7',
];

test('a secret never reaches the output, wherever it is logged', () => {
  const dest = memoryDestination();
  const log = createLogger({ destination: dest, base: { fn: 'shard' } });
  const child = log.child({ requestId: 'r1', sinkSecret: SECRETS[4] });

  child.info(
    { credentials: { accessKeyId: 'STS.id', accessKeySecret: SECRETS[0], securityToken: SECRETS[1] } },
    'ctx',
  );
  child.info({ headers: { authorization: `HMAC-SHA256 keyId=k, signature=${SECRETS[2]}` } }, 'request');
  child.warn(`retrying with Bearer ${SECRETS[3]}`);
  child.error(
    { err: Object.assign(new Error('boom'), { options: { accessKeySecret: SECRETS[5] } }) },
    'failed',
  );
  child.info({ job: { sink: { password: SECRETS[6] } } }, 'job');

  const text = dest.text();
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `leaked ${secret}`);
  assert.equal(dest.lines.length, 5);
  assert.ok(text.includes('[REDACTED]'));
});

test('each line is one JSON object with time, level name, bindings and message', () => {
  const dest = memoryDestination();
  const log = createLogger({ destination: dest, base: { fn: 'dispatch' } }).child({ requestId: 'r2' });
  log.info({ window: 'w1', rows: 3 }, 'window exported');
  const [record] = dest.records();
  assert.equal(record?.level, 'info');
  assert.equal(record?.fn, 'dispatch');
  assert.equal(record?.requestId, 'r2');
  assert.equal(record?.window, 'w1');
  assert.equal(record?.rows, 3);
  assert.equal(record?.msg, 'window exported');
  assert.match(String(record?.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('errors are logged with type, code, message and stack', () => {
  const dest = memoryDestination();
  const log = createLogger({ destination: dest });
  log.error({ err: Object.assign(new Error('lease lost'), { code: 'LEASE_LOST' }) }, 'shard failed');
  const err = dest.records()[0]?.err as Record<string, unknown>;
  assert.equal(err.type, 'Error');
  assert.equal(err.code, 'LEASE_LOST');
  assert.equal(err.message, 'lease lost');
  assert.match(String(err.stack), /lease lost/);
});

test('the level filters lines and parseLogLevel falls back to info', () => {
  const dest = memoryDestination();
  const log = createLogger({ destination: dest, level: 'warn' });
  log.info('hidden');
  log.warn('shown');
  assert.equal(dest.lines.length, 1);
  assert.equal(parseLogLevel('DEBUG'), 'debug');
  assert.equal(parseLogLevel('loud'), 'info');
  assert.equal(parseLogLevel(undefined), 'info');
});
