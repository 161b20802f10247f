/** The program's surface in process (no services): help lists the exit codes, usage errors are 2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliIo } from '../../../shared/cli/index.js';

function io(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    env: {},
    stdout: { write: (s) => void (out += s) },
    stderr: { write: (s) => void (err += s) },
    isTTY: false,
    now: () => 0,
    out: () => out,
    err: () => err,
  };
}

test('--help lists every command and every exit code', async () => {
  const x = io();
  assert.equal(await runCli(['--help'], x), 0);
  for (const cmd of ['validate', 'run', 'verify', 'status'])
    assert.match(x.out(), new RegExp(`^  ${cmd} `, 'm'));
  for (const code of [0, 1, 2, 3, 4]) assert.match(x.out(), new RegExp(`^  ${code}  \\S`, 'm'));
});

test('each command documents the exit codes in its own help', async () => {
  for (const cmd of ['validate', 'run', 'verify', 'status']) {
    const x = io();
    assert.equal(await runCli([cmd, '--help'], x), 0);
    assert.match(x.out(), /Exit codes:\n {2}0 {2}success/);
    assert.match(x.out(), /--config <file>/);
  }
});

test('a missing --config, or --windows with --until, is a usage error (2)', async () => {
  const missing = io();
  assert.equal(await runCli(['verify'], missing), 2);
  assert.match(missing.err(), /required option '-c, --config <file>' not specified/);
  const both = io();
  assert.equal(
    await runCli(
      ['run', '--config', '/nonexistent.json', '--windows', '2', '--until', '1764057600000'],
      both,
    ),
    2,
  );
  assert.match(both.err(), /--windows and --until exclude each other/);
});
