/**
 * Acceptance 4: `npm start -- --windows 3` (as a user runs it, a child process) builds, starts the
 * local cloud, exports three windows through the FC timer and exits 0 with a JSON summary line
 * saying the output matched the changes written, each exactly once; the objects are on disk.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

test('npm start -- --windows 3 exits 0 with its summary line', { timeout: 150_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  try {
    const child = spawn('npm', ['start', '--', '--windows', '3', '--data-dir', dataDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `exit ${code}\n${stderr}\n${stdout}`);
    const last = stdout.trim().split('\n').pop()!;
    const summary = JSON.parse(last) as Record<string, unknown>;
    assert.equal(summary.ok, true);
    assert.equal(summary.exactlyOnce, true);
    assert.equal(summary.windows, 3);
    assert.equal(summary.rows, summary.expectedRows);
    assert.ok((summary.changes as number) > 0);
    assert.match(stderr, /split shard-\d+ into/);
    assert.equal((stderr.match(/^window \d+ .* committed/gm) ?? []).length, 3, stderr);
    const file = /; (\/\S+\.csv)$/m.exec(stderr)?.[1];
    assert.ok(file && existsSync(file), `an output object on disk: ${file}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
