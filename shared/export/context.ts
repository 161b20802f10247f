/**
 * Builds the engine's clients from a job config: the Tablestore SDK client (stream API, status
 * table, DescribeTable), the OSS sink, the data table's stream id and primary key. Credentials come
 * from the config, else the caller, else the standard Alibaba Cloud variables (FC role STS).
 */
import type { Credentials, JobConfig } from '../config/index.js';
import { AliOssSink } from '../oss/ali-oss-sink.js';
import { Throttle, mbpsToBytesPerSecond } from '../oss/token-bucket.js';
import type { TableKeyColumn } from '../records/index.js';
import { LIVE_RUN, TablestoreStatusStore, createTablestoreClient } from '../status/index.js';
import { createStreamClient } from '../tablestore/index.js';
import { ExportSetupError } from './errors.js';
import type { EngineOptions, ExportContext, ExportEvent } from './types.js';

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  batchLimit: 1000,
  partSize: 8 * 1024 * 1024,
  leaseMs: 10 * 60_000,
  seekMarginMillis: 10 * 60_000,
  controlPrefix: '_ots2oss',
};

export interface ContextOverrides {
  /** Used when the config carries no credentials. */
  readonly credentials?: Credentials & { readonly securityToken?: string };
  readonly run?: string;
  readonly options?: Partial<EngineOptions>;
  readonly log?: (event: ExportEvent) => void;
  /** OSS region, when the endpoint alone does not say it. */
  readonly ossRegion?: string;
}

function runtimeCredentials(env: NodeJS.ProcessEnv): (Credentials & { securityToken?: string }) | undefined {
  const accessId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKey = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessId || !accessKey) return undefined;
  const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
  return token ? { accessId, accessKey, securityToken: token } : { accessId, accessKey };
}

const PK_TYPES: Record<number | string, TableKeyColumn['type']> = {
  1: 'INTEGER',
  2: 'STRING',
  3: 'BINARY',
  INTEGER: 'INTEGER',
  STRING: 'STRING',
  BINARY: 'BINARY',
};

/* eslint-disable @typescript-eslint/no-explicit-any -- the tablestore SDK ships no types */
function describeTable(client: any, tableName: string): Promise<any> {
  return new Promise((resolve, reject) => {
    client.describeTable({ tableName }, (err: unknown, data: unknown) => (err ? reject(err) : resolve(data)));
  });
}

export async function createExportContext(
  config: JobConfig,
  overrides: ContextOverrides = {},
): Promise<ExportContext> {
  const fallback = overrides.credentials ?? runtimeCredentials(process.env);
  const tsCreds = config.tablestore.credentials ?? fallback;
  const ossCreds = config.oss.credentials ?? fallback;
  if (!tsCreds || !ossCreds) {
    throw new ExportSetupError(
      'no credentials: set accessId/accessKey in the config, or ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET',
    );
  }
  const sdk = createTablestoreClient({
    endpoint: config.tablestore.endpoint,
    instance: config.tablestore.instanceName,
    accessKeyId: tsCreds.accessId,
    accessKeySecret: tsCreds.accessKey,
    ...(fallback?.securityToken && !config.tablestore.credentials
      ? { stsToken: fallback.securityToken }
      : {}),
  });
  const streams = createStreamClient({
    sdk: sdk as never,
    retry: { maxRetries: config.tablestore.maxRetries },
  });
  const status = new TablestoreStatusStore(sdk, config.tablestore.statusTable);
  const sink = AliOssSink.fromOptions({
    endpoint: config.oss.endpoint,
    bucket: config.oss.bucket,
    accessKeyId: ossCreds.accessId,
    accessKeySecret: ossCreds.accessKey,
    ...(fallback?.securityToken && !config.oss.credentials ? { stsToken: fallback.securityToken } : {}),
    ...(overrides.ossRegion ? { region: overrides.ossRegion } : {}),
  });
  const table = config.tablestore.dataTable;
  let meta: any;
  try {
    meta = await describeTable(sdk, table);
  } catch (err) {
    throw new ExportSetupError(
      `DescribeTable ${table} failed: ${String((err as Error)?.message ?? err).slice(0, 200)}`,
      { cause: err },
    );
  }
  const primaryKey: TableKeyColumn[] = (meta?.tableMeta?.primaryKey ?? []).map((c: any) => {
    const type = PK_TYPES[c.type];
    if (!type)
      throw new ExportSetupError(`table ${table}: primary-key column ${c.name} has unknown type ${c.type}`);
    return { name: String(c.name), type };
  });
  const streamsOfTable = await streams.listStream(table);
  const stream = streamsOfTable.find((s) => s.tableName === table);
  if (!stream)
    throw new ExportSetupError(`table ${table} has no stream: enable the Stream on the table first`);
  await status.ensureTable();
  const context: ExportContext = {
    config,
    streams,
    status,
    sink,
    streamId: stream.streamId,
    primaryKey,
    run: overrides.run ?? LIVE_RUN,
    options: { ...DEFAULT_ENGINE_OPTIONS, ...overrides.options },
    ...(config.speed.mbps !== undefined
      ? { throttle: new Throttle(mbpsToBytesPerSecond(config.speed.mbps)) }
      : {}),
    ...(overrides.log ? { log: overrides.log } : {}),
  };
  return context;
}
