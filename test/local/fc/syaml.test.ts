/** s.yaml loading: the fixture and project files, variable resolution, and clear errors with the YAML path. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSYaml } from '../../../local/fc/syaml.js';
import { SYamlError } from '../../../local/fc/errors.js';
import { nextFire, parseSchedule } from '../../../local/fc/cron.js';
import { start } from '../../../local/fc/index.js';
import { FIXTURE_S_YAML, KEYS } from './helpers.js';

const PROJECT_S_YAML = fileURLToPath(new URL('../../../s.yaml', import.meta.url));

const BASE = `edition: 3.0.0
name: t
vars:
  region: cn-hangzhou
resources:
  f:
    component: fc3
    props:
      region: \${vars.region}
      functionName: f
      runtime: nodejs20
      code: ./code
`;

describe('s.yaml loader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fc-syaml-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (text: string, env: Record<string, string> = {}) => {
    const file = join(dir, `s-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return loadSYaml(file, { accountId: '42', env });
  };
  const rejects = (text: string, yamlPath: string, message: RegExp, line?: number) =>
    assert.throws(
      () => load(text),
      (err: unknown) => {
        assert.ok(err instanceof SYamlError, String(err));
        assert.equal(err.code, 'FC_SYAML_INVALID');
        assert.equal(err.yamlPath, yamlPath);
        assert.match(err.message, message);
        assert.ok(err.message.includes(yamlPath), 'the message names the YAML path');
        if (line !== undefined) assert.equal(err.line, line);
        return true;
      },
    );

  it('reads functions, triggers, async config and resolves vars, env, config and this.props', () => {
    const project = loadSYaml(FIXTURE_S_YAML, { accountId: '42', env: {} });
    const echo = project.functions.get('echo');
    assert.equal(echo?.handler, 'echo.handler');
    assert.equal(echo?.timeoutSec, 5);
    assert.equal(echo?.memoryMB, 256);
    assert.match(echo?.codeDir ?? '', /fixtures\/code$/);
    assert.deepEqual(echo?.environment, {
      GREETING: 'hello',
      FROM_ENV: 'fallback',
      REGION_OF_THIS: 'cn-shanghai',
    });
    const fail = project.functions.get('fail');
    assert.deepEqual(fail?.asyncConfig, {
      maxRetries: 2,
      maxEventAgeSec: 300,
      onSuccess: undefined,
      onFailure: 'acs:fc:cn-shanghai:42:functions/sink',
    });
    assert.equal(project.functions.get('esm')?.timeoutSec, 3, 'FC default timeout');
    assert.deepEqual(project.functions.get('web')?.http, [
      { name: 'web-http', authType: 'anonymous', methods: ['GET', 'POST'] },
    ]);
    const tick = project.functions.get('record')?.timers[0];
    assert.deepEqual(
      { ...tick, schedule: tick?.schedule.kind },
      {
        name: 'tick',
        expression: '@every 1m',
        schedule: 'every',
        enabled: true,
        payload: '{"job":"fixture"}',
      },
    );
  });

  it('reads the project s.yaml: four functions, Node 20, dist/<fn> code, dispatch timer every 5 minutes', () => {
    const project = loadSYaml(PROJECT_S_YAML, { accountId: '42', env: {} });
    const byResource = new Map([...project.functions.values()].map((f) => [f.resource, f]));
    assert.deepEqual([...byResource.keys()].sort(), ['backfill', 'dispatch', 'finalize', 'shard']);
    for (const [name, fn] of byResource) {
      assert.equal(fn.runtime, 'nodejs20');
      assert.equal(fn.handler, 'index.handler');
      assert.ok(fn.codeDir.endsWith(join('dist', name)), fn.codeDir);
      assert.equal(fn.role, 'acs:ram::42:role/tablestore-oss-sync');
    }
    const timer = byResource.get('dispatch')?.timers[0];
    assert.equal(timer?.expression, '@every 5m');
    assert.deepEqual(timer?.schedule, { kind: 'every', intervalMs: 300_000 });
    assert.equal(byResource.get('backfill')?.http[0]?.authType, 'anonymous');
    assert.match(
      byResource.get('shard')?.asyncConfig.onFailure ?? '',
      /^acs:fc:cn-hangzhou:42:functions\/tablestore-oss-sync-finalize$/,
    );
  });

  it('uses env values over defaults', () => {
    const p = load(
      `${BASE}      handler: index.handler\n      environmentVariables:\n        A: \${env('X', 'def')}\n        B: \${env.Y}\n`,
      { X: 'x', Y: 'y' },
    );
    assert.deepEqual(p.functions.get('f')?.environment, { A: 'x', B: 'y' });
  });

  it('reads a .env beside s.yaml as s does, under the process environment', () => {
    const sub = mkdtempSync(join(dir, 'dotenv-'));
    writeFileSync(join(sub, '.env'), 'FROM_FILE=file\nBOTH=file\n');
    const file = join(sub, 's.yaml');
    writeFileSync(
      file,
      `${BASE}      handler: index.handler\n      environmentVariables:\n        A: \${env.FROM_FILE}\n        B: \${env.BOTH}\n`,
    );
    const p = loadSYaml(file, { accountId: '42', env: { BOTH: 'process' } });
    assert.deepEqual(p.functions.get('f')?.environment, { A: 'file', B: 'process' });
  });

  it('rejects a missing handler, naming the path and line', () => {
    rejects(BASE, 'resources.f.props.handler', /missing/, 9);
  });

  it('rejects a handler that is not file.export', () => {
    rejects(`${BASE}      handler: index\n`, 'resources.f.props.handler', /not "file.export"/, 13);
  });

  it('rejects an unknown trigger type', () => {
    rejects(
      `${BASE}      handler: index.handler\n      triggers:\n        - triggerName: t\n          triggerType: cron\n          triggerConfig: {}\n`,
      'resources.f.props.triggers[0].triggerType',
      /unknown trigger type "cron"/,
      16,
    );
  });

  for (const [expr, why] of [
    ['0 */5 * * *', /has 5 fields/],
    ['0 */5 * * * * *', /has 7 fields/],
    ['0 */5 * 32 * *', /not a valid cron expression/],
    ['CRON_TZ=Mars/Base 0 0 4 1 * *', /unknown time zone/],
    ['@every 30s', /at most once a minute/],
    ['@every soon', /not "@every <duration>"/],
  ] as const) {
    it(`rejects the bad cron "${expr}"`, () => {
      rejects(
        `${BASE}      handler: index.handler\n      triggers:\n        - triggerName: t\n          triggerType: timer\n          triggerConfig:\n            cronExpression: '${expr}'\n            enable: true\n`,
        'resources.f.props.triggers[0].triggerConfig.cronExpression',
        why,
        18,
      );
    });
  }

  it('rejects an unresolvable variable, the wrong edition and a bad number', () => {
    rejects(
      `${BASE}      handler: \${vars.nope}\n`,
      'resources.f.props',
      /vars\.nope.*"nope" is not defined/,
    );
    rejects(
      `${BASE}      handler: \${env.UNSET_FOR_TEST}\n`,
      'resources.f.props',
      /UNSET_FOR_TEST is not set/,
    );
    rejects(BASE.replace('3.0.0', '1.0.0'), 'edition', /must be 3.0.0/, 1);
    rejects(
      `${BASE}      handler: index.handler\n      timeout: 0\n`,
      'resources.f.props.timeout',
      /from 1 to 86400/,
      14,
    );
    rejects(
      `${BASE}      handler: index.handler\n      memorySize: [1]\n`,
      'resources.f.props.memorySize',
      /number/,
    );
    rejects('edition: 3.0.0\nresources: [\n', '', /not valid YAML/);
  });

  it('stops the server from starting on a malformed s.yaml, with the same message', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, BASE);
    await assert.rejects(
      start({
        port: 0,
        host: '127.0.0.1',
        credentials: KEYS,
        instance: 'i',
        peers: {},
        extra: { sYaml: file },
      }),
      (err: unknown) =>
        err instanceof SYamlError && err.message.includes('resources.f.props.handler: missing'),
    );
  });
});

describe('FC timer schedules', () => {
  it('computes @every intervals from the origin and cron fire times in UTC or CRON_TZ', () => {
    assert.equal(nextFire(parseSchedule('@every 1h30m'), 1000, 0), 5_400_000);
    const utc = parseSchedule('0 */5 * * * *');
    assert.equal(nextFire(utc, Date.parse('2026-01-01T00:02:10Z'), 0), Date.parse('2026-01-01T00:05:00Z'));
    const shanghai = parseSchedule('CRON_TZ=Asia/Shanghai 0 0 4 * * *');
    assert.equal(
      nextFire(shanghai, Date.parse('2026-01-01T00:00:00Z'), 0),
      Date.parse('2026-01-01T20:00:00Z'),
    );
  });
});
