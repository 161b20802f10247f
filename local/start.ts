/**
 * `npm start [-- --windows N] [--data-dir DIR]`: the whole job on one machine.
 * Builds the functions, starts the local Tablestore, OSS and FC servers, creates the demo table of
 * the project's s.yaml (a stream, 4 shards) and its bucket, writes a steady mix of changes (a
 * split midway), and lets the FC server's timer run `dispatch` from s.yaml, 300× accelerated.
 *
 * Time: the demo first writes `N` (default 3) windows of history — the local Tablestore's clock set
 * back and moved forward as it writes — so those windows are due at once and export in seconds;
 * then it keeps writing at the real time, and a new window commits each real interval.
 * Every run starts clean: the previous run's state under DIR is removed first (its output stays
 * until then). With `--windows N` it stops after N committed windows, checks them against the
 * changes written (each exactly once) and prints one JSON summary line; exit 0 only if they match.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { parse as parseYaml } from 'yaml';
import { startLocalStack, type LocalStack } from './stack.js';
import { start as startFc } from './fc/index.js';
import { tablestoreAdmin } from './tablestore/admin-client.js';
import type { RunningServer } from './contract.js';
import { DEFAULT_JOB_NAME } from '../shared/functions/job-source.js';
import { DemoWorkload, createDemoTable, tablestoreClient } from './start/demo-workload.js';
import { listManifests, mirror, ossClient, verify, type ManifestView } from './start/output.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SPEED = 300;

const positive = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError('must be a whole number ≥ 1, e.g. --windows 3');
  return n;
};
const opts = new Command('start')
  .description('Run the export job on local Tablestore, OSS and Function Compute servers')
  .option('--windows <n>', 'stop after N committed windows, verify them, print a JSON summary', positive)
  .option('--data-dir <dir>', 'state and output of the local servers (cleared at start)', '.local')
  .option('--timeout <seconds>', 'give up (exit 1) if the windows have not committed by then', positive, 300)
  .parse()
  .opts<{ windows?: number; dataDir: string; timeout: number }>();

const started = Date.now();
const dataDir = resolve(opts.dataDir);
const outputDir = join(dataDir, 'output');
const say = (line: string) => process.stderr.write(`${line}\n`);
const vars = (parseYaml(readFileSync(join(ROOT, 's.yaml'), 'utf8')) as { vars: Record<string, string> }).vars;
const intervalMs = Number(vars.intervalMinutes ?? 5) * 60_000;
const lagMs = Number(vars.lagSeconds ?? 60) * 1000;
const historyWindows = opts.windows ?? 3;

let stack: LocalStack | undefined;
let fc: RunningServer | undefined;
let stopping = false;
const shutdown = async (code: number) => {
  stopping = true;
  await fc?.close().catch(() => undefined);
  await stack?.close().catch(() => undefined);
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));

try {
  say(`npm start: building the functions (npm run build) …`);
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stderr}${build.stdout}`);

  await rm(dataDir, { recursive: true, force: true });
  stack = await startLocalStack({ only: ['tablestore', 'oss'], dataDir });
  const ts = stack.info.tablestore!;
  const ossInfo = stack.info.oss!;
  const admin = tablestoreAdmin(ts.endpoint);
  const client = tablestoreClient(ts);
  const oss = ossClient(ossInfo, vars.bucket!);
  await oss.putBucket(vars.bucket);
  await createDemoTable(client, vars.table!);
  await admin.reshard(vars.table!, 4);
  say(
    `local Tablestore ${ts.endpoint} (instance ${ts.instance}), OSS ${ossInfo.endpoint}; table ${vars.table} with a 4-shard stream, bucket ${vars.bucket}`,
  );

  // History: the first window starts `historyWindows` intervals before the latest due boundary.
  const t0 = Math.floor((Date.now() - lagMs) / intervalMs) * intervalMs - historyWindows * intervalMs;
  const workload = new DemoWorkload(client, vars.table!);
  const step = intervalMs / 10;
  // The table is new and empty: its clock may go back to the first window, then only forward.
  let clock = (await admin.setClock(t0 + 1_000)).nowMs;
  for (let i = 0; i < historyWindows * 10; i++) {
    clock = (await admin.setClock(Math.max(t0 + i * step + 1_000, clock))).nowMs;
    const nowMs = clock;
    await workload.write(6, nowMs, Math.floor(i / 10));
    if (i === historyWindows * 5) {
      const open = (await admin.shards(vars.table!)).shards.find((s) => s.open)!;
      const { children } = await admin.split(vars.table!, open.shardId);
      say(`split ${open.shardId} into ${children.join(' and ')} midway`);
    }
  }
  await admin.setClock(Date.now());
  say(
    `wrote ${workload.changes.length} changes over ${historyWindows} windows of ${intervalMs / 60_000} min from ${new Date(t0).toISOString()}`,
  );

  process.env.SYNC_START_AT = String(t0);
  fc = await startFc({
    port: 0,
    host: '127.0.0.1',
    credentials: { accessKeyId: ts.accessKeyId, accessKeySecret: ts.accessKeySecret },
    instance: ts.instance,
    peers: { tablestore: ts, oss: ossInfo },
    dataDir: join(dataDir, 'fc'),
    extra: { sYaml: join(ROOT, 's.yaml'), timerSpeed: String(SPEED) },
  });
  say(
    `local FC ${fc.info.endpoint}: s.yaml's functions, timer ${vars.schedule} at ${SPEED}× (dispatch every ${intervalMs / SPEED / 1000} s); output mirrored under ${outputDir}`,
  );
  if (opts.windows === undefined)
    say(
      `exporting the history now, then one window each ${intervalMs / 60_000} min of real time (lag ${lagMs / 1000} s); Ctrl-C stops`,
    );

  // Live changes at the real time from here on (they fall after the history windows).
  const live = setInterval(() => {
    if (!stopping)
      void workload.write(3, Date.now(), Number.MAX_SAFE_INTEGER).catch((e) => say(`writer: ${e}`));
  }, 1_000);

  const seen = new Map<string, ManifestView>();
  let shown = 0;
  const deadline = started + opts.timeout * 1000;
  for (;;) {
    const manifests = await listManifests(oss, DEFAULT_JOB_NAME, seen);
    for (const m of manifests.slice(shown)) {
      const files = await mirror(oss, m, outputDir);
      const freshness = ((Date.now() - m.window.end) / 1000).toFixed(0);
      say(
        `window ${shown + 1} [${new Date(m.window.start).toISOString()}, ${new Date(m.window.end).toISOString()}) committed: ` +
          `${m.counts.rows} rows, ${m.objects.length} object(s), freshness ${freshness} s` +
          (files[0] ? `; ${files[0]}` : ''),
      );
      shown++;
    }
    if (opts.windows !== undefined && manifests.length >= opts.windows) {
      clearInterval(live);
      const verdict = await verify(
        outputDir,
        manifests.slice(0, opts.windows),
        workload.changes,
        opts.windows,
      );
      for (const p of verdict.problems.slice(0, 10)) say(`mismatch: ${p}`);
      process.stdout.write(
        `${JSON.stringify({
          ok: verdict.ok,
          windows: opts.windows,
          changes: verdict.changes,
          rows: verdict.rows,
          expectedRows: verdict.expectedRows,
          exactlyOnce: verdict.ok,
          output: outputDir,
          durationMs: Date.now() - started,
        })}\n`,
      );
      await shutdown(verdict.ok ? 0 : 1);
    }
    if (Date.now() > deadline && opts.windows !== undefined) {
      say(`gave up after ${opts.timeout} s with ${manifests.length} of ${opts.windows} windows committed`);
      await shutdown(1);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
} catch (err) {
  say(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
}
