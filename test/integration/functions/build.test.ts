/**
 * Acceptance 5 (build half; `s preview` is test/local/fc/s-preview.test.ts): `npm run build`
 * produces one CommonJS bundle per function, each at the code path s.yaml deploys, and each loads
 * on this Node with its handler exported.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { FUNCTIONS, ROOT, buildInto, tempProjectDir } from './helpers.js';

const dir = tempProjectDir('build');
after(() => rmSync(dir, { recursive: true, force: true }));

test('npm run build gives one bundle per function, where s.yaml points', { timeout: 60_000 }, () => {
  const run = buildInto(dir);
  assert.equal(run.status, 0, run.stderr);
  const out = join(dir, 'dist');
  assert.deepEqual(readdirSync(out).sort(), [...FUNCTIONS]);
  const sYaml = parse(readFileSync(join(ROOT, 's.yaml'), 'utf8')) as {
    resources: Record<string, { props: { code: string; handler: string } }>;
  };
  assert.deepEqual(Object.keys(sYaml.resources).sort(), [...FUNCTIONS]);
  for (const fn of FUNCTIONS) {
    const { code, handler } = sYaml.resources[fn]!.props;
    assert.equal(code, `./dist/${fn}`);
    assert.equal(handler, 'index.handler');
    const bundle = join(out, fn, 'index.js');
    assert.ok(existsSync(bundle), bundle);
    const load = spawnSync(
      process.execPath,
      ['-e', `const m = require(${JSON.stringify(bundle)}); process.stdout.write(typeof m.handler);`],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    assert.equal(load.status, 0, load.stderr);
    assert.equal(load.stdout, 'function', `${fn} exports handler`);
  }
});
