/**
 * The Alibaba docs' DataWorks script (test/fixtures, verbatim but for endpoints, keys, table,
 * bucket, object and times) run through the real CLI against the local Tablestore and OSS: two
 * consecutive one-off windows, the second resuming exactly where the first stopped; then verify,
 * status, and verify after an object was tampered with.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import {
  FIXTURE,
  MINUTE,
  changes,
  cli,
  createTable,
  expectedRows,
  getObject,
  groupRows,
  scriptVars,
  startEnv,
  write,
  writeConfig,
  type Change,
  type Env,
} from './helpers.js';

let env: Env;
// One-off windows two hours back (the local Tablestore clock is moved there), so they are due now.
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / MINUTE) * MINUTE;
const T1 = T0 + 2 * MINUTE;
const T2 = T1 + 2 * MINUTE;
const A = changes('a', 40);
const B = changes('b', 30);
const C = changes('c', 10);
const summaries: Record<string, unknown>[] = [];

async function writeAll(list: readonly Change[]): Promise<void> {
  for (const ch of list) await write(env, ch);
}

async function rowsOf(keys: readonly string[]): Promise<string[][]> {
  const rows: string[][] = [];
  for (const key of keys) rows.push(...(parse(await getObject(env, key)) as string[][]));
  return rows;
}

before(async () => {
  env = await startEnv();
  await env.admin.setClock(T0 - 30_000);
  await createTable(env);
  await env.admin.setClock(T0 + 1_000);
  await writeAll(A);
  await env.admin.setClock(T1 + 1_000);
  await writeAll(B);
  // Changes after the second window: neither run may export them.
  await env.admin.setClock(T2 + 1_000);
  await writeAll(C);
});

after(async () => {
  await env?.close();
});

test('the DataX script exports exactly [start, end): its objects hold the changes written in the window', async () => {
  const r = await cli(['run', '--config', FIXTURE, ...scriptVars(env, T0, T1)]);
  assert.equal(r.code, 0, r.stderr);
  // the template's "date" line is kept as pasted: a warning on stderr, not an error
  assert.match(r.stderr, /warning: configuration\.reader\.parameter\.date: ignored/);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, r.stdout);
  const s = JSON.parse(lines[0]!);
  summaries.push(s);
  assert.equal(s.state, 'committed');
  assert.deepEqual(s.window, {
    start: T0,
    end: T1,
    startIso: new Date(T0).toISOString(),
    endIso: new Date(T1).toISOString(),
  });
  const expected = expectedRows(A);
  assert.equal(s.rows, [...expected.values()].flat().length);
  assert.ok(s.objects.length >= 1);
  for (const key of s.objects) assert.ok(key.startsWith('local-instance/orders/'), key);
  assert.deepEqual(groupRows(await rowsOf(s.objects)), expected);
});

test("a second script whose start is the first one's end resumes there: nothing lost, nothing twice", async () => {
  const r = await cli(['run', '--config', FIXTURE, ...scriptVars(env, T1, T2)]);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout.trim());
  summaries.push(s);
  assert.equal(s.state, 'committed');
  assert.deepEqual(groupRows(await rowsOf(s.objects)), expectedRows(B));
  // both windows together are exactly A then B per key (C, written later, is in neither)
  const all = [
    ...(await rowsOf((summaries[0] as { objects: string[] }).objects)),
    ...(await rowsOf(s.objects)),
  ];
  assert.deepEqual(groupRows(all), expectedRows([...A, ...B]));
});

test('running the first script again is a no-op (exit 0, state noop)', async () => {
  const r = await cli(['run', '--config', FIXTURE, ...scriptVars(env, T0, T1)]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim()).state, 'noop');
});

test('status lists both windows with rows, bytes, freshness and the retention budget', async () => {
  const before = Date.now();
  const r = await cli(['status', '--config', FIXTURE, ...scriptVars(env, T1, T2), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout.trim());
  assert.equal(report.job, 'orders');
  assert.equal(report.watermark, T2);
  assert.deepEqual(
    report.windows.map((w: { start: number; end: number; state: string }) => [w.start, w.end, w.state]),
    [
      [T0, T1, 'committed'],
      [T1, T2, 'committed'],
    ],
  );
  for (const [i, w] of report.windows.entries()) {
    const s = summaries[i] as { rows: number; bytes: number };
    assert.equal(w.rows, s.rows);
    assert.equal(w.bytes, s.bytes);
    // committed "now" by the CLI, two hours after the window ended
    assert.ok(
      w.freshnessMs >= 2 * 3_600_000 - 5 * MINUTE && w.freshnessMs < 3 * 3_600_000,
      String(w.freshnessMs),
    );
  }
  // the oldest data still needed is at the watermark; it leaves the 24 h stream 24 h after T2
  assert.equal(report.oldestNeeded, T2);
  assert.equal(report.expirationHours, 24);
  const budget = T2 + 24 * 3_600_000 - before;
  assert.ok(Math.abs(report.retentionBudgetMs - budget) < 60_000, `${report.retentionBudgetMs} vs ${budget}`);
  assert.deepEqual(report.warnings, []);

  const text = await cli(['status', '--config', FIXTURE, ...scriptVars(env, T1, T2)]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /retention budget 2[12]h \d+m/);
  assert.match(text.stdout, new RegExp(`${new Date(T1).toISOString()}\\s+committed`));
});

test('verify passes on the intact chain and exits 3 naming an object changed afterwards', async () => {
  const ok = await cli(['verify', '--config', FIXTURE, ...scriptVars(env, T1, T2)]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /^2 manifest\(s\), \d+ object\(s\)/);
  assert.match(ok.stdout, /ok: chain complete/);

  const victim = (summaries[1] as { objects: string[] }).objects[0]!;
  const original = await getObject(env, victim);
  const tampered = Buffer.from(original);
  tampered[0] = tampered[0] === 0x41 ? 0x42 : 0x41; // same size, different bytes: only the CRC can tell
  await env.oss.put(victim, tampered);
  const bad = await cli(['verify', '--config', FIXTURE, ...scriptVars(env, T1, T2)]);
  assert.equal(bad.code, 3, bad.stdout + bad.stderr);
  assert.match(
    bad.stdout,
    new RegExp(`PROBLEM crc64-mismatch ${victim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  );
  assert.match(bad.stdout, /1 problem\(s\)/);

  await env.oss.put(victim, Buffer.concat([original, Buffer.from('x')]));
  const longer = await cli(['verify', '--config', FIXTURE, ...scriptVars(env, T1, T2), '--json']);
  assert.equal(longer.code, 3);
  const report = JSON.parse(longer.stdout.trim());
  assert.deepEqual(
    report.problems.map((p: { kind: string; key: string }) => [p.kind, p.key]),
    [['size-mismatch', victim]],
  );
  await env.oss.put(victim, original);
});

test('a native config runs scheduled windows: --from/--windows, then --until, one JSON line per window', async () => {
  const t = env.stack.info.tablestore!;
  const o = env.stack.info.oss!;
  const path = await writeConfig(env, 'native.jsonc', {
    job: { name: 'orders-native', intervalMinutes: 1, lagSeconds: 60, timeZone: 'Asia/Shanghai' },
    reader: {
      endpoint: t.endpoint,
      accessId: t.accessKeyId,
      accessKey: t.accessKeySecret,
      instanceName: t.instance,
      dataTable: 'orders',
      mode: 'single_version_and_update_only',
      column: [{ name: 'uid' }, { name: 'name' }],
    },
    writer: {
      endpoint: o.endpoint,
      accessId: o.accessKeyId,
      accessKey: o.accessKeySecret,
      bucket: 'datax-export',
      object: 'native/{yyyy}{MM}{dd}/{HH}{mm}',
      writeMode: 'nonConflict',
      fileFormat: 'csv',
    },
    setting: { speed: { concurrent: 4 } },
  });
  const first = await cli(['run', '--config', path, '--from', new Date(T0).toISOString(), '--windows', '2']);
  assert.equal(first.code, 0, first.stderr);
  const lines = first.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => [l.window.start, l.window.end, l.state]),
    [
      [T0, T0 + MINUTE, 'committed'],
      [T0 + MINUTE, T1, 'committed'],
    ],
  );
  const windowA = await rowsOf(lines.flatMap((l) => l.objects));
  assert.deepEqual(groupRows(windowA), expectedRows(A));

  const rest = await cli(['run', '--config', path, '--until', String(T2)]);
  assert.equal(rest.code, 0, rest.stderr);
  const more = rest.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    more.map((l) => [l.window.start, l.window.end]),
    [
      [T1, T1 + MINUTE],
      [T1 + MINUTE, T2],
    ],
  );
  assert.deepEqual(groupRows(await rowsOf(more.flatMap((l) => l.objects))), expectedRows(B));

  const none = await cli(['run', '--config', path, '--until', String(T2)]);
  assert.equal(none.code, 0, none.stderr);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /no window is due yet/);

  const verified = await cli(['verify', '--config', path]);
  assert.equal(verified.code, 0, verified.stdout);
  assert.match(verified.stdout, /^4 manifest\(s\)/);
});
