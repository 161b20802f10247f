/**
 * Test plumbing for the stream client: the local Tablestore (in-process or as a child process
 * with a data dir), the real SDK client, our stream client, and a lineage-order reader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CREDENTIALS, type RunningServer } from '../../../local/contract.js';
import { localServerArgs } from '../../../local/launch.js';
import { start } from '../../../local/tablestore/index.js';
import { tablestoreAdmin, type TablestoreAdmin } from '../../../local/tablestore/admin-client.js';
import {
  compareSequence,
  createStreamClient,
  type ShardInfo,
  type StreamClient,
  type StreamClientOptions,
  type StreamRecord,
} from '../../../shared/tablestore/index.js';

// The SDK ships no types; tests drive it as a user's JavaScript would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sdk = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const TableStore: any = createRequire(import.meta.url)('tablestore');
export const INSTANCE = 'stream-test';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function sdkClient(endpoint: string, overrides: Record<string, unknown> = {}): Sdk {
  return new TableStore.Client({
    accessKeyId: DEFAULT_CREDENTIALS.accessKeyId,
    secretAccessKey: DEFAULT_CREDENTIALS.accessKeySecret,
    endpoint,
    instancename: INSTANCE,
    ...overrides,
  });
}

/** A stream client with fast retries (the policy itself is unit-tested). */
export function streamClient(sdk: Sdk, options: Partial<StreamClientOptions> = {}): StreamClient {
  return createStreamClient({ sdk, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...options });
}

export interface InProcess {
  server: RunningServer;
  endpoint: string;
  sdk: Sdk;
  admin: TablestoreAdmin;
  close(): Promise<void>;
}

export async function startInProcess(extra: Record<string, string> = {}): Promise<InProcess> {
  const server = await start({
    port: 0,
    host: '127.0.0.1',
    credentials: DEFAULT_CREDENTIALS,
    instance: INSTANCE,
    peers: {},
    extra,
  });
  const endpoint = server.info.endpoint;
  return {
    server,
    endpoint,
    sdk: sdkClient(endpoint),
    admin: tablestoreAdmin(endpoint),
    close: () => server.close(),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `npm run local -- --only tablestore --port-base N --data-dir DIR` as a real child process. */
export async function startChild(
  portBase: number,
  dataDir: string,
  extra: string[] = [],
): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn(
    process.execPath,
    localServerArgs([
      '--only',
      'tablestore',
      '--port-base',
      String(portBase),
      '--data-dir',
      dataDir,
      ...extra,
    ]),
    { cwd: ROOT, env: { ...process.env, LOCAL_INSTANCE: INSTANCE }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no READY line within 30 s; stderr: ${stderr}`)),
        30_000,
      );
      child.once('exit', (code) => reject(new Error(`server exited with ${code}; stderr: ${stderr}`)));
      lines.on('line', (line) => {
        if (!line.startsWith('READY ')) return;
        clearTimeout(timer);
        const info = JSON.parse(line.slice(6)) as { tablestore: { endpoint: string } };
        resolve(info.tablestore.endpoint);
      });
    });
    return { child, endpoint };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'stream-client-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Creates a table `(id STRING, n INTEGER)` with a stream. */
export async function createStreamTable(sdk: Sdk, tableName: string, expirationHours = 24): Promise<void> {
  await sdk.createTable({
    tableMeta: {
      tableName,
      primaryKey: [
        { name: 'id', type: 'STRING' },
        { name: 'n', type: 'INTEGER' },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 3 },
    streamSpecification: { enableStream: true, expirationTime: expirationHours },
  });
}

/** Parents (and parent siblings) before children; otherwise by shard id. */
export function lineageOrder(shards: ShardInfo[]): ShardInfo[] {
  const byId = new Map(shards.map((s) => [s.shardId, s]));
  const done = new Set<string>();
  const out: ShardInfo[] = [];
  const visit = (s: ShardInfo) => {
    if (done.has(s.shardId)) return;
    for (const p of [s.parentId, s.parentSiblingId]) {
      const parent = p === undefined ? undefined : byId.get(p);
      if (parent) visit(parent);
    }
    done.add(s.shardId);
    out.push(s);
  };
  [...shards].sort((a, b) => (a.shardId < b.shardId ? -1 : 1)).forEach(visit);
  return out;
}

/** Every record of a shard from TRIM_HORIZON until SHARD_END or caught up; checks sequence order. */
export async function readShard(
  client: StreamClient,
  streamId: string,
  shardId: string,
  limit = 50,
): Promise<StreamRecord[]> {
  const records: StreamRecord[] = [];
  let iterator = await client.getShardIterator(streamId, shardId);
  while (iterator !== undefined) {
    const batch = await client.getStreamRecord(iterator, { limit });
    for (const r of batch.records) {
      const last = records[records.length - 1];
      if (last && compareSequence(last.sequence, r.sequence) >= 0) {
        throw new Error(
          `shard ${shardId}: sequence ${JSON.stringify(r.sequence)} does not follow ${JSON.stringify(last.sequence)}`,
        );
      }
      records.push(r);
    }
    if (batch.caughtUp) break; // open shard, nothing new
    iterator = batch.nextIterator;
  }
  return records;
}

/** All records of a stream, shard by shard in lineage order. */
export async function readStream(
  client: StreamClient,
  tableName: string,
): Promise<{ shards: ShardInfo[]; records: Map<string, StreamRecord[]> }> {
  const [stream] = await client.listStream(tableName);
  if (!stream) throw new Error(`table ${tableName} has no stream`);
  const { shards } = await client.describeStream(stream.streamId);
  const records = new Map<string, StreamRecord[]>();
  for (const shard of lineageOrder(shards))
    records.set(shard.shardId, await readShard(client, stream.streamId, shard.shardId));
  return { shards, records };
}
