/**
 * `npm run bench -- fc [N]`: async invocation throughput and overhead of the local FC server on a
 * no-op function, through the real @alicloud/fc2 client.
 * - throughput: N async invokes (default 2000, 32 in flight), timed until all have run;
 * - invoke→start latency: 1,000 async invokes paced at 200/s (the target rate), from the client's
 *   call to the handler's first line (both clocks are this machine's);
 * - peers in the same run: sync invokes (HTTP round trip + worker), and the floor of a worker
 *   process runtime, a bare fork() child echoing over IPC.
 * Prints one JSON line last: {"bench":"fc","invokesPerSec":…,"p99StartMs":…}.
 */
import FC from '@alicloud/fc2';
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerInfo } from '../local/contract.js';
import { localServerArgs } from '../local/launch.js';
import { FcAdminClient } from '../local/fc/admin-client.js';

const N = Number(process.argv[2] ?? 2000);
const PACED = 1000;
const RATE = 200;
const KEYS = { accessKeyId: 'bench-ak', accessKeySecret: 'bench-secret' };
const now = () => performance.timeOrigin + performance.now();
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number) => Math.round(n * 100) / 100;

const dir = mkdtempSync(join(tmpdir(), 'fc-bench-'));
mkdirSync(join(dir, 'code'));
writeFileSync(join(dir, 'code', 'index.js'), 'exports.handler = async () => "";\n');
writeFileSync(
  join(dir, 's.yaml'),
  `edition: 3.0.0\nname: bench\nresources:\n  noop:\n    component: fc3\n    props:\n      region: cn-hangzhou\n      functionName: noop\n      runtime: nodejs20\n      code: ./code\n      handler: index.handler\n      memorySize: 256\n`,
);

// The server runs as `npm run local` does, in its own process, so the client's work is not counted as the server's.
const server = spawn(
  process.execPath,
  localServerArgs(['--only', 'fc', '--port-base', '0', '--s-yaml', join(dir, 's.yaml')]),
  {
    env: {
      ...process.env,
      LOCAL_ACCESS_KEY_ID: KEYS.accessKeyId,
      LOCAL_ACCESS_KEY_SECRET: KEYS.accessKeySecret,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const info = await new Promise<ServerInfo & { accountId: string }>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const line = /^READY (.*)$/m.exec(out);
    if (line?.[1]) resolve((JSON.parse(line[1]) as { fc: ServerInfo & { accountId: string } }).fc);
  });
  server.once('exit', (code) => reject(new Error(`local fc exited (${code}) before READY`)));
});
const client = new FC(info.accountId, {
  endpoint: info.endpoint,
  accessKeyID: KEYS.accessKeyId,
  accessKeySecret: KEYS.accessKeySecret,
  region: 'cn-hangzhou',
});
const admin = new FcAdminClient(info.endpoint);
const sent = new Map<string, number>();

async function invokeAsync(): Promise<void> {
  const t = now();
  const res = await client.invokeFunction('bench', 'noop', 'x', { 'x-fc-invocation-type': 'Async' });
  sent.set(res.headers['x-fc-request-id'] as string, t);
}

async function closedLoop(total: number, inFlight: number, call: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) await call();
    }),
  );
}

async function startLatencies(ids: Iterable<string>): Promise<number[]> {
  const started = new Map(
    (await admin.invocations({ functionName: 'noop', logs: false })).map((r) => [
      r.requestId,
      r.attempts[0]?.startedAt,
    ]),
  );
  return [...ids].map((id) => (started.get(id) ?? NaN) - (sent.get(id) as number)).sort((a, b) => a - b);
}

async function rawIpcFloor(total: number, inFlight: number): Promise<number> {
  const script = join(dir, 'echo.cjs');
  writeFileSync(script, 'process.on("message", (m) => process.send(m));\n');
  const child = fork(script, [], { serialization: 'advanced' });
  await new Promise((r) => setTimeout(r, 300));
  const waiting = new Map<number, () => void>();
  child.on('message', (m: { id: number }) => waiting.get(m.id)?.());
  let id = 0;
  const t0 = now();
  await closedLoop(
    total,
    inFlight,
    () =>
      new Promise<void>((resolve) => {
        const k = id++;
        waiting.set(k, resolve);
        child.send({ id: k, event: Buffer.from('x') });
      }),
  );
  const perSec = total / ((now() - t0) / 1000);
  child.kill();
  return perSec;
}

try {
  // Warm-up: instances started, code loaded, JIT warm.
  await closedLoop(100, 8, invokeAsync);
  await admin.waitIdle(60_000);
  sent.clear();

  const t0 = now();
  await closedLoop(N, 32, invokeAsync);
  const acceptedMs = now() - t0;
  await admin.waitIdle(120_000);
  const totalMs = now() - t0;
  const saturated = await startLatencies(sent.keys());
  const invokesPerSec = N / (totalMs / 1000);
  console.log(
    `throughput: ${N} async invokes accepted in ${acceptedMs.toFixed(0)} ms, all run in ${totalMs.toFixed(0)} ms → ${invokesPerSec.toFixed(0)}/s`,
  );
  console.log(
    `  invoke→start under saturation: p50 ${pct(saturated, 50).toFixed(1)} ms, p99 ${pct(saturated, 99).toFixed(1)} ms (queueing included)`,
  );

  sent.clear();
  const paced: Promise<void>[] = [];
  const p0 = now();
  for (let i = 0; i < PACED; i++) {
    const due = p0 + (i * 1000) / RATE;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    paced.push(invokeAsync());
  }
  await Promise.all(paced);
  await admin.waitIdle(60_000);
  const latency = await startLatencies(sent.keys());
  const p50 = pct(latency, 50);
  const p99 = pct(latency, 99);
  console.log(
    `latency: ${PACED} async invokes paced at ${RATE}/s → invoke→start p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latency.at(-1)?.toFixed(1)} ms`,
  );

  const s0 = now();
  await closedLoop(1000, 8, () => client.invokeFunction('bench', 'noop', 'x'));
  const syncPerSec = 1000 / ((now() - s0) / 1000);
  const ipcPerSec = await rawIpcFloor(5000, 8);
  console.log(
    `peers: sync invoke round trips ${syncPerSec.toFixed(0)}/s; bare fork()+IPC echo ${ipcPerSec.toFixed(0)}/s (process-runtime floor)`,
  );
  console.log(
    JSON.stringify({
      bench: 'fc',
      invokesPerSec: Math.round(invokesPerSec),
      p99StartMs: round(p99),
      p50StartMs: round(p50),
      invocations: N + PACED,
      pacedRate: RATE,
      saturatedP99StartMs: round(pct(saturated, 99)),
      syncInvokesPerSec: Math.round(syncPerSec),
      peerRawIpcPerSec: Math.round(ipcPerSec),
    }),
  );
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
