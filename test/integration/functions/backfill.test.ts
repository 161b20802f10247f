/**
 * Acceptance 3: the backfill function over its HTTP trigger on the local FC server. A range
 * spanning four windows (first and last cut short) exports exactly the changes with timestamps in
 * the range, under its own prefix and manifests; GET shows the progress, DELETE cancels. Each bad
 * request gets its status and a message naming the problem: anonymous 401, outside retention 422
 * (naming the retained range), overlapping an active backfill 409, malformed body 400 (naming the field).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { callEndpoint, type ClientAuth } from '../../../shared/auth/index.js';
import {
  MINUTE,
  Workload,
  assertChangesOnce,
  getObject,
  readManifests,
  splitOpenShard,
} from '../export/helpers.js';
import {
  JOB,
  NAMES,
  TOKEN,
  prepareFcEnv,
  seedPhases,
  waitFor,
  type FcEnv,
  type FcEnvHandle,
} from './helpers.js';

const PHASES = 6;

describe('backfill over HTTP', { timeout: 120_000 }, () => {
  let handle: FcEnvHandle;
  let env: FcEnv;
  let t0: number;
  const workload = new Workload(99, 30, 0);
  /** Changes written in each phase (phase p's records are committed at t0 + p min + ~1 s). */
  const phaseOf: number[] = [];
  const bearer: ClientAuth = { token: TOKEN };
  const hmac: ClientAuth = { keyId: 'default', secret: TOKEN };
  let url: string;
  const call = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, auth: ClientAuth = bearer) =>
    callEndpoint({ triggerUrl: url, method, path, body, auth });

  before(async () => {
    t0 = Math.floor(Date.now() / MINUTE) * MINUTE - (PHASES + 2) * MINUTE;
    handle = await prepareFcEnv({ intervalMinutes: 1, timerSpeed: 0.01 });
    const base = handle.env;
    await seedPhases(base, workload, {
      t0,
      phases: PHASES,
      perPhase: 15,
      onPhase: async (phase) => {
        while (phaseOf.length < workload.changes.length) phaseOf.push(phase);
        if (phase === 2) await splitOpenShard(base);
      },
    });
    env = await handle.startFc();
    url = `${env.fcEndpoint}/http/${NAMES.backfill}`;
  });

  after(async () => {
    await handle?.close();
  });

  let id: string;
  // Phases 2, 3 and 4 fall in [t0 + 1m30s, t0 + 4m30s): windows cut at 1m30, 2m, 3m, 4m, 4m30.
  const from = () => t0 + 90_000;
  const to = () => t0 + 4 * MINUTE + 30_000;

  it('POST a range of four windows → 202 with an id and the planned windows', async () => {
    const res = await call('POST', '/', { from: new Date(from()).toISOString(), to: to() });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const body = res.body as { id: string; state: string; windows: { start: string; end: string }[] };
    assert.match(body.id, /^bf-/);
    assert.equal(body.state, 'active');
    assert.deepEqual(
      body.windows.map((w) => Date.parse(w.start) - t0),
      [90_000, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE],
    );
    id = body.id;
  });

  it('an overlapping POST while it is active → 409 naming the active backfill', async () => {
    const res = await call('POST', '/', { from: to() - MINUTE, to: to() + 10_000 }, hmac);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.match(JSON.stringify(res.body), new RegExp(`overlaps active backfill ${id}`));
  });

  it('GET shows progress until every window is done; the objects hold exactly the changes in the range', async () => {
    const done = await waitFor(
      'the backfill to finish',
      async () => {
        const res = await call('GET', `/${id}`, undefined, hmac);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const b = res.body as { state: string; windowsDone: number; windowsPlanned: number; rows: number };
        return b.state === 'done' ? b : undefined;
      },
      60_000,
      500,
    );
    assert.equal(done.windowsDone, 4);
    assert.equal(done.windowsPlanned, 4);

    const manifests = await readManifests(env, JOB, id);
    assert.equal(manifests.length, 4);
    assert.equal(manifests[0].window.start, from());
    assert.equal(manifests[3].window.end, to());
    const rows: string[][] = [];
    for (const m of manifests)
      for (const o of m.objects) {
        assert.ok(o.key.startsWith(`backfill/${id}/`), o.key);
        rows.push(...(parse(await getObject(env, o.key)) as string[][]));
      }
    const inRange = workload.changes.filter((_, i) => phaseOf[i]! >= 2 && phaseOf[i]! <= 4);
    assert.equal(done.rows, rows.length);
    assertChangesOnce(rows, inRange);
    // The live chain was not touched: no live manifest, no live watermark from the backfill.
    assert.equal((await readManifests(env, JOB)).length, 0);
  });

  it('a dry run answers 200 with the planned windows and stores nothing', async () => {
    const res = await call('POST', '/', { from: t0 + 5 * MINUTE, to: t0 + 7 * MINUTE, dryRun: true });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = res.body as { dryRun: boolean; windows: unknown[] };
    assert.equal(body.dryRun, true);
    assert.equal(body.windows.length, 2);
    const list = (await call('GET', '/')).body as { backfills: { id: string }[] };
    assert.deepEqual(
      list.backfills.map((b) => b.id),
      [id],
    );
  });

  it('DELETE cancels a backfill; GET then says cancelled', async () => {
    const res = await call('POST', '/', {
      from: t0 + 5 * MINUTE,
      to: t0 + 6 * MINUTE,
      windowMinutes: 1,
      prefix: 'again/',
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const other = (res.body as { id: string }).id;
    const del = await call('DELETE', `/${other}`);
    assert.equal(del.status, 200);
    assert.equal((del.body as { state: string }).state, 'cancelled');
    assert.equal(((await call('GET', `/?id=${other}`)).body as { state: string }).state, 'cancelled');
  });

  it('anonymous → 401', async () => {
    const res = await call('POST', '/', { from: from(), to: to() }, 'anonymous');
    assert.equal(res.status, 401, JSON.stringify(res.body));
    assert.ok(res.headers.get('www-authenticate'));
  });

  it('outside the stream retention → 422 naming the retained range', async () => {
    const res = await call('POST', '/', {
      from: Date.now() - 48 * 3_600_000,
      to: Date.now() - 47 * 3_600_000,
    });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.match(JSON.stringify(res.body), /outside the retained range \[\d{4}-.*Z, \d{4}-.*Z\)/);
  });

  it('malformed bodies → 400 naming the field', async () => {
    for (const [body, field] of [
      [{ from: 'yesterday', to: to() }, 'body.from'],
      [{ from: to(), to: from() }, 'body.to'],
      [{ from: from(), to: to(), windowMinutes: 0 }, 'body.windowMinutes'],
      [{ from: from(), to: to(), colour: 'red' }, 'colour'],
      [{ to: to() }, 'body.from'],
    ] as const) {
      const res = await call('POST', '/', body);
      assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      assert.match(JSON.stringify(res.body), new RegExp(field.replace('.', '\\.')), JSON.stringify(res.body));
    }
    const notJson = await fetch(`${url}/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{"from":',
    });
    assert.equal(notJson.status, 400);
  });
});
