/** An ExportContext over interface fakes: the in-memory stream, status store and object sink. */
import { jobConfigFromValue, type JobConfig } from '../../../shared/config/index.js';
import { DEFAULT_ENGINE_OPTIONS, type ExportContext } from '../../../shared/export/index.js';
import { MemoryObjectSink } from '../../../shared/oss/memory-sink.js';
import { MemoryStatusStore } from '../../../shared/status/index.js';
import { FakeStream } from '../reader/fake-stream.js';

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
