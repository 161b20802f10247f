/** The CLI's heap cap: which flags `bin/heap-flags.js` picks, and that `bin/ots2oss.js` really runs the CLI under them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_HEAP_MB, heapFlags } from '../../../bin/heap-flags.js';

const BIN = fileURLToPath(new URL('../../../bin/ots2oss.js', import.meta.url));

test('default cap, OTS2OSS_MAX_HEAP_MB, and flags already given are left alone', () => {
  assert.deepEqual(heapFlags({}, []), [`--max-old-space-size=${DEFAULT_MAX_HEAP_MB}`]);
  assert.deepEqual(heapFlags({ OTS2OSS_MAX_HEAP_MB: '300' }, []), ['--max-old-space-size=300']);
  assert.deepEqual(heapFlags({ OTS2OSS_MAX_HEAP_MB: '0' }, []), []);
  assert.deepEqual(heapFlags({ NODE_OPTIONS: '--enable-source-maps --max-old-space-size=512' }, []), []);
  assert.deepEqual(heapFlags({ NODE_OPTIONS: '--max-old-space-size-x' }, []).length, 1);
  assert.deepEqual(heapFlags({}, ['--max-old-space-size=64']), []);
  assert.throws(() => heapFlags({ OTS2OSS_MAX_HEAP_MB: '1.5g' }, []), /OTS2OSS_MAX_HEAP_MB/);
});

test('bin/ots2oss.js runs the CLI with the cap, passes its exit code, and keeps a given NODE_OPTIONS', () => {
  // A preload that prints each process's V8 heap limit: execArgv reaches the re-executed child too.
  const dir = mkdtempSync(join(tmpdir(), 'ots2oss-heap-'));
  try {
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      "import v8 from 'node:v8';\nprocess.stderr.write(`heap-limit ${Math.round(v8.getHeapStatistics().heap_size_limit / 1048576)}\\n`);\n",
    );
    const run = (env: Record<string, string>, args: string[]) => {
      const { OTS2OSS_MAX_HEAP_MB: _a, NODE_OPTIONS: _b, ...base } = process.env;
      const r = spawnSync(process.execPath, ['--import', probe, BIN, ...args], {
        env: { ...base, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      const limits = [...r.stderr.matchAll(/heap-limit (\d+)/g)].map((m) => Number(m[1]));
      return { status: r.status, limits, stdout: r.stdout };
    };

    // Re-executed: the parent (Node's default) and the child (old space 100 MiB + young generation).
    const capped = run({ OTS2OSS_MAX_HEAP_MB: '100' }, ['--help']);
    assert.equal(capped.status, 0);
    assert.match(capped.stdout, /Usage: ots2oss/);
    assert.equal(capped.limits.length, 2, `two processes: ${capped.limits}`);
    assert.ok(capped.limits[1]! >= 100 && capped.limits[1]! < 160, `child limit ${capped.limits[1]} MiB`);
    assert.ok(
      capped.limits[0]! > capped.limits[1]!,
      `parent ${capped.limits[0]} > child ${capped.limits[1]}`,
    );

    // The CLI's own exit code comes through the parent (2: bad usage).
    assert.equal(
      run({ OTS2OSS_MAX_HEAP_MB: '100' }, ['validate', '--config', join(dir, 'none.json')]).status,
      2,
    );

    // NODE_OPTIONS already sets the cap: one process, that cap.
    const given = run({ NODE_OPTIONS: '--max-old-space-size=90' }, ['--help']);
    assert.equal(given.status, 0);
    assert.equal(given.limits.length, 1);
    assert.ok(given.limits[0]! >= 90 && given.limits[0]! < 150, `limit ${given.limits[0]} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
