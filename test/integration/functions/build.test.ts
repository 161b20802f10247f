/**
 * Acceptance 5 (build half; `s preview` is test/local/fc/s-preview.test.ts): `npm run build`
 * produces one CommonJS bundle per function, each at the code path s.yaml deploys, and each loads
 * on this Node with its handler exported — also copied out of the project beside only the SDKs
 * FC's nodejs20 runtime preinstalls (tablestore, @alicloud/fc2), as a deployed function would be.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'yaml';
import { FUNCTIONS, ROOT, buildInto, tempProjectDir } from './helpers.js';

const dir = tempProjectDir('build');
const outside = mkdtempSync(join(tmpdir(), 'fc-runtime-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** Loads a bundle in a child process and says what its `handler` export is. */
function load(bundle: string, cwd: string) {
  return spawnSync(
    process.execPath,
    ['-e', `const m = require(${JSON.stringify(bundle)}); process.stdout.write(typeof m.handler);`],
    { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  );
}

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
    const loaded = load(bundle, dir);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(loaded.stdout, 'function', `${fn} exports handler`);
  }

  // A deployed function: its code folder and FC's preinstalled modules, nothing else.
  mkdirSync(join(outside, 'node_modules', '@alicloud'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', 'tablestore'), join(outside, 'node_modules', 'tablestore'));
  symlinkSync(
    join(ROOT, 'node_modules', '@alicloud', 'fc2'),
    join(outside, 'node_modules', '@alicloud', 'fc2'),
  );
  for (const fn of FUNCTIONS) {
    const code = join(outside, 'code', fn);
    cpSync(join(out, fn), code, { recursive: true });
    const loaded = load(join(code, 'index.js'), code);
    assert.equal(loaded.status, 0, `${fn} outside the project: ${loaded.stderr}`);
    assert.equal(loaded.stdout, 'function');
  }
});
