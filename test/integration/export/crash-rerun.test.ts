/**
 * Acceptance 3: re-running committed windows changes nothing, and a child process running the
 * export killed (SIGKILL) at seeded random points, then re-run, ends with final objects byte for
 * byte equal to an uninterrupted export of the same windows.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  createExportContext,
  exportWindow,
  exportWindows,
  finalizeWindow,
  startCheckpoints,
} from '../../../shared/export/index.js';
import { readDataxJobDesc, readWatermark } from '../../../shared/status/index.js';
import {
  FAST,
  TABLE,
  Workload,
  context,
  createTable,
  getObject,
  jobConfig,
  jobConfigValue,
  nextMinute,
  readManifests,
  rng,
  startEnv,
  type Env,
} from './helpers.js';

const CHILD = fileURLToPath(new URL('./child-export.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ChildRun {
  killed: boolean;
  output: string;
}

/** Runs the child; with `killAfterMs`, SIGKILLs it that long after it printed `started`. */
function runChild(envVars: Record<string, string>, killAfterMs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...envVars },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timer: NodeJS.Timeout | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += line + '\n';
      if (line === 'started' && killAfterMs !== undefined)
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', output });
    });
  });
}

/** Data objects of a job by window and part, with their bytes (names differ only by job). */
async function outputOf(env: Env, job: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const m of await readManifests(env, job)) {
    for (const o of m.objects)
      out.set(`${m.window.start}/${o.key.slice(o.key.lastIndexOf('_') + 1)}`, await getObject(env, o.key));
  }
  return out;
}

describe('re-runs and crashes', { timeout: 150_000 }, () => {
  let env: Env;
  let t0: number;
  let now: number;
  let referenceMs = 0;

  before(async () => {
    env = await startEnv();
    await createTable(env, 4);
    t0 = (await nextMinute(env)) - 1_000;
    const workload = new Workload(7, 30, t0);
    for (let phase = 0; phase < 5; phase++) {
      await workload.write(env, 30);
      if (phase === 2) await env.admin.split(TABLE, (await env.admin.shards(TABLE)).shards[0]!.shardId);
      now = await nextMinute(env);
    }
    const config = jobConfig(env, 'ref');
    const started = Date.now();
    const result = await exportWindows({ config, context: await context(config), now, from: t0 });
    referenceMs = Date.now() - started;
    assert.equal(result.error, undefined);
    assert.equal(result.windows.length, 5);
  });

  after(async () => {
    await env?.close();
  });

  it('re-running committed windows is a no-op for truncate and nonConflict', async () => {
    for (const writeMode of ['truncate', 'nonConflict']) {
      const job = `noop-${writeMode}`;
      const config = jobConfig(env, job, { writeMode });
      const ctx = await context(config);
      const first = await exportWindows({ config, context: ctx, now, from: t0 });
      assert.equal(first.error, undefined);
      const before = await outputOf(env, job);
      const listing = async () =>
        ((await env.oss.listV2({ prefix: `out/${job}/`, 'max-keys': 1000 })).objects ?? [])
          .map(
            (o: { name: string; etag: string; lastModified: string }) =>
              `${o.name} ${o.etag} ${o.lastModified}`,
          )
          .sort();
      const objectsBefore = await listing();
      const second = await exportWindows({ config, context: ctx, now, from: t0 });
      assert.deepEqual(second.windows, [], 'nothing is due after the watermark');
      for (const m of await readManifests(env, job)) {
        const w = { startMillis: m.window.start, endMillis: m.window.end };
        assert.equal((await exportWindow(ctx, w, { now, owner: 'someone-else' })).state, 'noop');
        assert.equal((await finalizeWindow(ctx, { window: w, epoch: 1, now })).state, 'alreadyCommitted');
      }
      assert.deepEqual(await listing(), objectsBefore, `${writeMode}: no object was rewritten`);
      assert.deepEqual(await outputOf(env, job), before);
    }
  });

  it('a child killed at random points and re-run produces the same objects byte for byte', async (t) => {
    const job = 'crash';
    const vars = {
      EXPORT_CONFIG: JSON.stringify(jobConfigValue(env, job)),
      EXPORT_NOW: String(now),
      EXPORT_FROM: String(t0),
    };
    const config = jobConfig(env, job);
    const ctx = await context(config);
    const random = rng(424242);
    let interrupted = 0;
    // Kill points spread over more of an uninterrupted run's time each round, so early ones surely
    // interrupt and later ones reach further (committed windows stay, the next run continues the claim).
    for (let round = 0; round < 4; round++) {
      const delay = Math.floor((random() * referenceMs * (round + 1)) / 5);
      const run = await runChild(vars, delay);
      const watermark = (await readWatermark(ctx.status, job, 'live'))?.watermark;
      const committed = watermark === undefined ? 0 : (watermark - t0) / 60_000;
      t.diagnostic(
        `round ${round}: killed after ${delay} ms: ${run.killed}, windows committed: ${committed}`,
      );
      if (run.killed && watermark !== now - (now % 60_000)) interrupted++;
    }
    assert.ok(
      interrupted >= 2,
      `${interrupted} kills landed before the export finished (reference ${referenceMs} ms)`,
    );
    const last = await runChild(vars);
    assert.match(last.output, /^started\ndone /, last.output);
    const expected = await outputOf(env, 'ref');
    const actual = await outputOf(env, job);
    assert.equal(actual.size, expected.size);
    for (const [k, body] of expected) assert.ok(actual.get(k)?.equals(body), `object ${k} differs`);
    const staging = await env.oss.listV2({ prefix: `_ots2oss/${job}/staging/`, 'max-keys': 10 });
    assert.deepEqual(
      (staging.objects ?? []).map((o: { name: string }) => o.name),
      [],
      'partials removed after commit',
    );
  });

  it('hands over through DataX rows: a job starting where another ended resumes from its checkpoints', async () => {
    const refCtx = await context(jobConfig(env, 'ref'));
    const manifests = await readManifests(env, 'ref');
    const [, second, third] = manifests;
    const desc = await readDataxJobDesc(refCtx.status, refCtx.streamId, second.window.end);
    assert.equal(desc?.endTime, second.window.end, 'DataX job row written at the window end');
    const config = jobConfig(env, 'handover');
    const ctx = await context(config);
    const w = { startMillis: third.window.start, endMillis: third.window.end };
    const listed = (await ctx.streams.describeStream(ctx.streamId)).shards.map((s) => s.shardId);
    assert.equal((await startCheckpoints(ctx, w, listed)).source, 'datax');
    const res = await exportWindows({ config, context: ctx, now, from: w.startMillis, windows: 1 });
    assert.equal(res.error, undefined);
    const mine = (await readManifests(env, 'handover'))[0];
    assert.equal(mine.objects.length, third.objects.length);
    for (const [i, o] of third.objects.entries())
      assert.ok((await getObject(env, mine.objects[i].key)).equals(await getObject(env, o.key)));
  });

  it('a backfill run exports the same windows under its own prefix, chain and watermark', async () => {
    const config = jobConfig(env, 'ref', { object: 'backfill/bf1/{yyyy}{MM}{dd}/{HH}{mm}' });
    const ctx = await createExportContext(config, { run: 'bf1', options: FAST });
    const liveBefore = await readWatermark(ctx.status, 'ref', 'live');
    const res = await exportWindows({ config, context: ctx, now, from: t0 });
    assert.equal(res.error, undefined);
    assert.equal(res.windows.length, 5);
    assert.equal((await readWatermark(ctx.status, 'ref', 'bf1'))?.watermark, now - (now % 60_000));
    assert.deepEqual(
      await readWatermark(ctx.status, 'ref', 'live'),
      liveBefore,
      'the live chain is untouched',
    );
    const manifests = await readManifests(env, 'ref', 'bf1');
    const live = await readManifests(env, 'ref');
    assert.equal(manifests.length, live.length);
    for (const [i, m] of manifests.entries()) {
      assert.equal(m.run, 'bf1');
      assert.equal(m.objects.length, live[i].objects.length);
      for (const [j, o] of m.objects.entries()) {
        assert.match(o.key, /^backfill\/bf1\//);
        assert.ok((await getObject(env, o.key)).equals(await getObject(env, live[i].objects[j].key)));
      }
    }
  });
});
