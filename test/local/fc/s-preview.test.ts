/**
 * `s preview` (@serverless-devs/s) renders the project's s.yaml offline, and renders it the way
 * the local FC server reads it. Offline: run in a network namespace with no interfaces when the
 * machine allows (`unshare -n`), else with proxies pointing at a closed port; config home is a
 * temp dir and NODE_ENV=test stops s from spawning its update/telemetry daemons.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSYaml } from '../../../local/fc/syaml.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const S_BIN = join(ROOT, 'node_modules', '@serverless-devs', 's', 'bin', 's');

interface Rendered {
  edition: string;
  vars: Record<string, string>;
  resources: Record<
    string,
    { component: string; props: Record<string, unknown> & { environmentVariables: Record<string, string> } }
  >;
}

describe('s preview of the project s.yaml', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'fc-s-home-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  const preview = () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      serverless_devs_config_home: home,
      NODE_ENV: 'test',
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
    };
    const args = [S_BIN, 'preview', '-o', 'json', '-t', 's.yaml'];
    const isolated = spawnSync('unshare', ['-n', 'true']).status === 0;
    const run = isolated
      ? spawnSync('unshare', ['-n', process.execPath, ...args], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
          timeout: 60_000,
        })
      : spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    return { ...run, isolated };
  };

  it('renders offline with every variable resolved', () => {
    const run = preview();
    assert.equal(
      run.status,
      0,
      `s preview failed (network isolated: ${run.isolated}):\n${run.stderr}\n${run.stdout}`,
    );
    const rendered = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as Rendered;
    assert.equal(rendered.edition, '3.0.0');
    assert.deepEqual(Object.keys(rendered.resources).sort(), ['backfill', 'dispatch', 'finalize', 'shard']);
    for (const key of ['instance', 'table', 'bucket', 'prefix', 'format', 'region'])
      assert.ok(rendered.vars[key], `vars.${key}`);
    for (const [name, r] of Object.entries(rendered.resources)) {
      assert.equal(r.component, 'fc3');
      assert.equal(r.props.runtime, 'nodejs20');
      assert.equal(r.props.code, `./dist/${name}`);
      assert.equal(r.props.handler, 'index.handler');
      assert.equal(r.props.region, rendered.vars.region);
      assert.equal(r.props.environmentVariables.SYNC_TABLE, rendered.vars.table);
      assert.doesNotMatch(
        JSON.stringify(r.props).replace(/\$\{config\('AccountID'\)\}/g, ''),
        /\$\{/,
        `${name}: unresolved reference`,
      );
    }
    assert.equal(
      (rendered.resources.dispatch?.props.triggers as { triggerConfig: { cronExpression: string } }[])[0]
        ?.triggerConfig.cronExpression,
      '@every 5m',
    );

    // The local server reads the same file to the same values (the account id stays literal in s preview).
    const local = loadSYaml(join(ROOT, 's.yaml'), { accountId: "${config('AccountID')}", env: {} });
    for (const fn of local.functions.values()) {
      const props = rendered.resources[fn.resource]?.props;
      assert.equal(fn.name, props?.functionName);
      assert.equal(fn.timeoutSec, props?.timeout);
      assert.equal(fn.memoryMB, props?.memorySize);
      assert.deepEqual(fn.environment, props?.environmentVariables);
      assert.equal(fn.role, props?.role);
    }
  });
});
