/**
 * `npm run bench -- oss`: the local OSS server against the protocol-free limit.
 * - PUT and GET of a 256 MiB object through ali-oss (7 runs each, median): our server (child process run as
 *   `npm run local` runs it, in memory and with --data-dir) vs a bare Node HTTP server (child process, plain
 *   `node`) that only streams bytes. A third peer, the MD5 floor (bench/ossMd5Floor.ts), does only the MD5 every
 *   OSS PUT needs: its ratio to the bare peer bounds ours on the same machine and run.
 * - Peak RSS (VmHWM) of the server process while it takes a 1 GiB streamed upload with --data-dir.
 * - CRC-64/XZ and MD5 throughput in this process (both run on every byte the server receives).
 * Prints readable lines, then one JSON summary as the last line. Asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import OSS from 'ali-oss';
import { DEFAULT_CREDENTIALS } from '../local/contract.js';
import { localServerArgs } from '../local/launch.js';
import { crc64 } from '../local/oss/crc64.js';

const MiB = 1024 * 1024;
const OBJECT_SIZE = 256 * MiB;
const RSS_UPLOAD_SIZE = 1024 * MiB;
const RUNS = 7;
const root = fileURLToPath(new URL('../', import.meta.url));

interface Child {
  process: ChildProcess;
  endpoint: string;
}

function waitForLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith(prefix) && resolve(line.slice(prefix.length)));
    child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

async function startOurs(dataDir?: string): Promise<Child> {
  const args = ['--only', 'oss', '--port-base', '0'];
  const child = spawn(process.execPath, localServerArgs(dataDir ? [...args, '--data-dir', dataDir] : args), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = JSON.parse(await waitForLine(child, 'READY ')) as { oss: { endpoint: string } };
  return { process: child, endpoint: ready.oss.endpoint };
}

// The peer: accepts any request, drains PUT bodies, streams GET bodies from one buffer.
const BARE_SERVER = `
const http = require('node:http');
const chunk = Buffer.alloc(1024 * 1024, 7);
const size = ${OBJECT_SIZE};
const server = http.createServer({ insecureHTTPParser: true }, (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Length': size, 'Content-Type': 'application/octet-stream' });
    let left = size;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'Content-Length': 0, ETag: '"0"' }); res.end(); });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('READY http://127.0.0.1:' + server.address().port));
`;

async function startBare(): Promise<Child> {
  const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return { process: child, endpoint: await waitForLine(child, 'READY ') };
}

/** The MD5-only peer (bench/ossMd5Floor.ts): the least a PUT must cost, whatever the server. */
async function startMd5Floor(): Promise<Child> {
  const args = ['--import', 'tsx', 'bench/ossMd5Floor.ts', String(OBJECT_SIZE)];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { process: child, endpoint: await waitForLine(child, 'READY ') };
}

async function stop(child: Child): Promise<void> {
  // A child stopped earlier by a signal has signalCode set and exitCode null; waiting for its
  // 'exit' again would never settle (node then exits 13 on the unsettled top-level await).
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((r) => child.process.once('exit', r));
  child.process.kill('SIGTERM');
  await exited;
}

function client(endpoint: string, bucket: string): OSS {
  return new OSS({ endpoint, ...DEFAULT_CREDENTIALS, bucket, timeout: 600_000 });
}

const mbps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU time (user + system, all threads) a process has used, in ms, from /proc. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms (CLK_TCK = 100)
}

interface Measured {
  put: number;
  get: number;
  putCpuMsPerMiB: number;
  getCpuMsPerMiB: number;
}

async function putGet(c: OSS, data: Buffer, pid: number): Promise<Measured> {
  let cpu = await cpuMs(pid);
  let started = performance.now();
  await c.put('bench.bin', data);
  const put = mbps(data.length, performance.now() - started);
  const putCpuMsPerMiB = ((await cpuMs(pid)) - cpu) / (data.length / MiB);
  cpu = await cpuMs(pid);
  started = performance.now();
  const { stream } = await c.getStream('bench.bin');
  let received = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) received += chunk.length;
  const get = mbps(received, performance.now() - started);
  if (received !== data.length) throw new Error(`GET returned ${received} bytes, expected ${data.length}`);
  const getCpuMsPerMiB = ((await cpuMs(pid)) - cpu) / (data.length / MiB);
  return { put, get, putCpuMsPerMiB, getCpuMsPerMiB };
}

/** Samples VmHWM (peak resident set) of a process from /proc. */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function generated(size: number): Readable {
  const block = randomBytes(MiB);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, block.length);
      left -= n;
      this.push(n === block.length ? block : block.subarray(0, n));
    },
  });
}

const dirs: string[] = [];
const children: Child[] = [];
try {
  const data = randomBytes(OBJECT_SIZE);
  const results: Record<string, Record<keyof Measured, number[]>> = {};
  const dataDir = await mkdtemp(join(tmpdir(), 'oss-bench-'));
  dirs.push(dataDir);
  const ours = await startOurs();
  const oursDisk = await startOurs(join(dataDir, 'tp'));
  const bare = await startBare();
  const md5Floor = await startMd5Floor();
  children.push(ours, oursDisk, bare, md5Floor);
  const oursClient = client(ours.endpoint, 'bench');
  const diskClient = client(oursDisk.endpoint, 'bench');
  await oursClient.putBucket('bench');
  await diskClient.putBucket('bench');
  const bareClient = client(bare.endpoint, 'bench');
  const floorClient = client(md5Floor.endpoint, 'bench');
  // The disk peer runs in a phase of its own, beside its own bare runs: the writeback of its
  // 256 MiB files goes on for seconds after each PUT and would slow whichever peer came next.
  const phases: Array<Array<readonly [name: string, client: OSS, server: Child]>> = [
    [
      ['bare', bareClient, bare],
      ['ours', oursClient, ours],
      ['md5Floor', floorClient, md5Floor],
    ],
    [
      ['bareDisk', bareClient, bare],
      ['oursDisk', diskClient, oursDisk],
    ],
  ];
  for (const phase of phases) {
    for (let run = 0; run < RUNS; run++) {
      for (const [name, c, server] of phase) {
        const r = await putGet(c, data, server.process.pid!);
        const all = (results[name] ??= { put: [], get: [], putCpuMsPerMiB: [], getCpuMsPerMiB: [] });
        for (const k of Object.keys(r) as Array<keyof Measured>) all[k].push(r[k]);
        console.log(
          `run ${run + 1} ${name.padEnd(8)} PUT ${r.put.toFixed(0)} MiB/s (server CPU ${r.putCpuMsPerMiB.toFixed(2)} ms/MiB)  ` +
            `GET ${r.get.toFixed(0)} MiB/s (server CPU ${r.getCpuMsPerMiB.toFixed(2)} ms/MiB)`,
        );
      }
    }
  }
  for (const c of [ours, oursDisk, bare, md5Floor]) await stop(c);

  const rssDir = join(dataDir, 'rss');
  const rssServer = await startOurs(rssDir);
  children.push(rssServer);
  const rssClient = client(rssServer.endpoint, 'bench');
  await rssClient.putBucket('bench');
  const baseline = await peakRssMiB(rssServer.process.pid!);
  const started = performance.now();
  await rssClient.putStream('big.bin', generated(RSS_UPLOAD_SIZE), {
    contentLength: RSS_UPLOAD_SIZE,
  } as never);
  const uploadMbps = mbps(RSS_UPLOAD_SIZE, performance.now() - started);
  const head = await rssClient.head('big.bin');
  const peak = await peakRssMiB(rssServer.process.pid!);
  console.log(
    `1 GiB streamed PUT with --data-dir: ${uploadMbps.toFixed(0)} MiB/s, size ${(head.res.headers as Record<string, string>)['content-length']}, server RSS peak ${peak.toFixed(0)} MiB (idle ${baseline.toFixed(0)} MiB)`,
  );
  await stop(rssServer);

  const sample = data.subarray(0, 64 * MiB);
  let t = performance.now();
  crc64(sample);
  const crcMbps = mbps(sample.length, performance.now() - t);
  t = performance.now();
  createHash('md5').update(sample).digest();
  const md5Mbps = mbps(sample.length, performance.now() - t);
  console.log(
    `CRC-64/XZ ${crcMbps.toFixed(0)} MiB/s, MD5 ${md5Mbps.toFixed(0)} MiB/s (64 MiB, this process)`,
  );

  const m = (name: string, op: keyof Measured) => median(results[name]![op]);
  const summary = {
    bench: 'oss',
    putRatio: Number((m('ours', 'put') / m('bare', 'put')).toFixed(3)),
    getRatio: Number((m('ours', 'get') / m('bare', 'get')).toFixed(3)),
    peakRssMiB: Number(peak.toFixed(1)),
    putMiBps: Number(m('ours', 'put').toFixed(0)),
    getMiBps: Number(m('ours', 'get').toFixed(0)),
    barePutMiBps: Number(m('bare', 'put').toFixed(0)),
    bareGetMiBps: Number(m('bare', 'get').toFixed(0)),
    md5FloorPutRatio: Number((m('md5Floor', 'put') / m('bare', 'put')).toFixed(3)),
    putVsMd5Floor: Number((m('ours', 'put') / m('md5Floor', 'put')).toFixed(3)),
    diskPutRatio: Number((m('oursDisk', 'put') / m('bareDisk', 'put')).toFixed(3)),
    diskGetRatio: Number((m('oursDisk', 'get') / m('bareDisk', 'get')).toFixed(3)),
    idleRssMiB: Number(baseline.toFixed(1)),
    serverPutCpuMsPerMiB: Number(m('ours', 'putCpuMsPerMiB').toFixed(2)),
    serverGetCpuMsPerMiB: Number(m('ours', 'getCpuMsPerMiB').toFixed(2)),
    barePutCpuMsPerMiB: Number(m('bare', 'putCpuMsPerMiB').toFixed(2)),
    bareGetCpuMsPerMiB: Number(m('bare', 'getCpuMsPerMiB').toFixed(2)),
    loadAverage: Number(loadavg()[0]!.toFixed(1)),
    crc64MiBps: Number(crcMbps.toFixed(0)),
    md5MiBps: Number(md5Mbps.toFixed(0)),
  };
  console.log(JSON.stringify(summary));
} finally {
  for (const c of children) await stop(c).catch(() => undefined);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}
