/**
 * An ExportContext over interface fakes: the in-memory stream, status store and object sink; and
 * the function deps over it, with an invoker that queues events for the test to deliver.
 */
import { jobConfigFromValue, type JobConfig } from '../../../shared/config/index.js';
import { DEFAULT_ENGINE_OPTIONS, type ExportContext } from '../../../shared/export/index.js';
import type { FunctionDeps } from '../../../shared/functions/index.js';
import { MemoryObjectSink } from '../../../shared/oss/memory-sink.js';
import { MemoryStatusStore, type StatusStore } from '../../../shared/status/index.js';
import { FakeStream } from '../reader/fake-stream.js';

export const MIN = 60_000;
export const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MIN);
export const NAMES = { dispatch: 'd', shard: 's', finalize: 'f' };
export const silent = { info: () => undefined, warn: () => undefined };

export function config(
  writer: Record<string, unknown> = {},
  setting: Record<string, unknown> = {},
): JobConfig {
  return jobConfigFromValue({
    job: { name: 'unit', intervalMinutes: 1, lagSeconds: 0, timeZone: 'UTC' },
    reader: {
      endpoint: 'http://127.0.0.1:1',
      accessId: 'id',
      accessKey: 'key',
      instanceName: 'inst',
      dataTable: 't',
      statusTable: 's',
    },
    writer: {
      endpoint: 'http://127.0.0.1:2',
      accessId: 'id',
      accessKey: 'key',
      bucket: 'b',
      object: 'out/{HH}{mm}',
      writeMode: 'truncate',
      fileFormat: 'csv',
      header: true,
      ...writer,
    },
    setting: { errorLimit: { record: 0 }, speed: { concurrent: 2 }, ...setting },
  }).config;
}

export interface MemoryContext extends ExportContext {
  readonly streams: FakeStream;
  readonly status: MemoryStatusStore;
  readonly sink: MemoryObjectSink;
}

export function memoryContext(cfg: JobConfig = config(), stream = new FakeStream()): MemoryContext {
  return {
    config: cfg,
    streams: stream,
    status: new MemoryStatusStore(),
    sink: new MemoryObjectSink('b'),
    streamId: 'stream',
    primaryKey: [{ name: 'pk', type: 'STRING' }],
    run: 'live',
    options: { ...DEFAULT_ENGINE_OPTIONS, batchLimit: 2, partSize: 100 * 1024 },
  };
}

/** Keys and bodies of the final data objects (not staging, not manifests). */
export function finals(ctx: MemoryContext): Map<string, string> {
  return new Map(
    [...ctx.sink.objects].filter(([k]) => k.startsWith('out/')).map(([k, v]) => [k, v.body.toString('utf8')]),
  );
}

/** Every call passed on to `store`; spread it and override the calls a test intercepts. */
export function passThrough(store: StatusStore): StatusStore {
  return {
    ensureTable: () => store.ensureTable(),
    get: (k) => store.get(k),
    put: (k, a, c) => store.put(k, a, c),
    update: (k, ch, c) => store.update(k, ch, c),
    delete: (k, c) => store.delete(k, c),
    scan: (...args) => store.scan(...args),
  };
}

export class QueueInvoker {
  readonly queue: { functionName: string; payload: unknown }[] = [];
  readonly sent: { functionName: string; payload: unknown }[] = [];
  async invokeAsync(functionName: string, payload: unknown) {
    const item = { functionName, payload: JSON.parse(JSON.stringify(payload)) as unknown };
    this.queue.push(item);
    this.sent.push(item);
    return { requestId: `q${this.sent.length}` };
  }
  async invokeSync(): Promise<unknown> {
    throw new Error('not used');
  }
}

export function depsOf(ctx: ExportContext): FunctionDeps & { invoker: QueueInvoker } {
  return { ctx, invoker: new QueueInvoker(), names: NAMES, job: undefined, log: silent };
}
