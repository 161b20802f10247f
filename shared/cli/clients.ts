/**
 * Clients for the read-only commands (status, verify, validate --online), built from the config
 * alone; credentials from the config, else the standard Alibaba Cloud variables, as the export does.
 * Few retries: these commands should answer quickly when a service is down.
 */
import type { Credentials, JobConfig } from '../config/index.js';
import { AliOssSink, type ObjectSink } from '../oss/index.js';
import { TablestoreStatusStore, createTablestoreClient, type TablestoreClientLike } from '../status/index.js';
import { createStreamClient, type StreamClient } from '../tablestore/index.js';
import { CliUsageError } from './errors.js';

type RuntimeCredentials = Credentials & { readonly securityToken?: string };

export function runtimeCredentials(
  env: Readonly<Record<string, string | undefined>>,
): RuntimeCredentials | undefined {
  const accessId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKey = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessId || !accessKey) return undefined;
  const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
  return token ? { accessId, accessKey, securityToken: token } : { accessId, accessKey };
}

function pick(own: Credentials | undefined, fallback: RuntimeCredentials | undefined, what: string) {
  const creds = own ?? fallback;
  if (!creds)
    throw new CliUsageError(
      `${what}: no credentials; set accessId/accessKey in the config, or ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
    );
  const token = !own && fallback?.securityToken ? { stsToken: fallback.securityToken } : {};
  return { accessKeyId: creds.accessId, accessKeySecret: creds.accessKey, ...token };
}

export function tablestoreSdk(
  config: JobConfig,
  env: Readonly<Record<string, string | undefined>>,
): TablestoreClientLike {
  return createTablestoreClient({
    endpoint: config.tablestore.endpoint,
    instance: config.tablestore.instanceName,
    ...pick(config.tablestore.credentials, runtimeCredentials(env), 'reader'),
    maxRetries: 1,
  });
}

export function ossSink(config: JobConfig, env: Readonly<Record<string, string | undefined>>): ObjectSink {
  return AliOssSink.fromOptions({
    endpoint: config.oss.endpoint,
    bucket: config.oss.bucket,
    ...pick(config.oss.credentials, runtimeCredentials(env), 'writer'),
    timeoutMs: 30_000,
  });
}

export interface ReadClients {
  readonly sdk: TablestoreClientLike;
  readonly streams: StreamClient;
  readonly status: TablestoreStatusStore;
}

export function readClients(
  config: JobConfig,
  env: Readonly<Record<string, string | undefined>>,
): ReadClients {
  const sdk = tablestoreSdk(config, env);
  return {
    sdk,
    streams: createStreamClient({ sdk: sdk as never, retry: { maxRetries: 2 } }),
    status: new TablestoreStatusStore(sdk, config.tablestore.statusTable),
  };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the tablestore SDK ships no types */
/** Promise form of one `tablestore` SDK call. */
export function sdkCall<T = any>(sdk: TablestoreClientLike, op: string, params: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    sdk[op](params, (err: unknown, data: T) => (err ? reject(err) : resolve(data)));
  });
}
