/**
 * Where a function's job config comes from, in order: the trigger payload (`{"config": …,
 * "variables": …}`), the `OTS2OSS_CONFIG` variable (a whole config, native or a DataX script), or
 * the `SYNC_*` variables s.yaml sets from its `vars`. The source travels in every internal event,
 * so shard, finalize and the next dispatch run with the config the timer fire started with.
 */
import { z } from 'zod';
import {
  CONFIG_ENV,
  ConfigError,
  jobConfigFromValue,
  parseEnvConfig,
  parseTriggerPayload,
  type JobConfig,
} from '../config/index.js';

type Env = Readonly<Record<string, string | undefined>>;

/** A job config carried in an event (what a timer payload may hold). */
export const jobSourceSchema = z.strictObject({
  config: z.union([z.string(), z.record(z.string(), z.unknown())]),
  variables: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type JobSource = z.infer<typeof jobSourceSchema>;

/** The environment s.yaml gives every function (see its `environmentVariables`). */
export const SYNC_ENV = Object.freeze({
  job: 'SYNC_JOB',
  instance: 'SYNC_INSTANCE',
  table: 'SYNC_TABLE',
  statusTable: 'SYNC_STATUS_TABLE',
  bucket: 'SYNC_BUCKET',
  prefix: 'SYNC_PREFIX',
  format: 'SYNC_FORMAT',
  intervalMinutes: 'SYNC_INTERVAL_MINUTES',
  lagSeconds: 'SYNC_LAG_SECONDS',
  timeZone: 'SYNC_TIME_ZONE',
  startAt: 'SYNC_START_AT',
  tablestoreEndpoint: 'TABLESTORE_ENDPOINT',
  ossEndpoint: 'OSS_ENDPOINT',
});

/** Set by the local FC server (local/fc): they win over the cloud endpoints in `SYNC_*` jobs. */
const LOCAL_ENV = Object.freeze({
  tablestoreEndpoint: 'LOCAL_TABLESTORE_ENDPOINT',
  instance: 'LOCAL_TABLESTORE_INSTANCE',
  ossEndpoint: 'LOCAL_OSS_ENDPOINT',
});

export const DEFAULT_JOB_NAME = 'tablestore-oss-sync';

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value)
    throw new ConfigError(
      `${name}: environment variable is not set (s.yaml sets it from vars); e.g. ${name}=…`,
    );
  return value;
}

function integer(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new ConfigError(`${name}: must be a whole number, got "${text}"`);
  return n;
}

/** The native config value the `SYNC_*` variables describe. */
export function syncEnvConfigValue(env: Env): Record<string, unknown> {
  const prefix = env[SYNC_ENV.prefix]?.trim() ?? '';
  return {
    job: {
      name: env[SYNC_ENV.job]?.trim() || DEFAULT_JOB_NAME,
      intervalMinutes: integer(env, SYNC_ENV.intervalMinutes, 5),
      lagSeconds: integer(env, SYNC_ENV.lagSeconds, 60),
      timeZone: env[SYNC_ENV.timeZone]?.trim() || 'UTC',
    },
    reader: {
      endpoint: env[LOCAL_ENV.tablestoreEndpoint] || required(env, SYNC_ENV.tablestoreEndpoint),
      instanceName: env[LOCAL_ENV.instance] || required(env, SYNC_ENV.instance),
      dataTable: required(env, SYNC_ENV.table),
      statusTable: required(env, SYNC_ENV.statusTable),
    },
    writer: {
      endpoint: env[LOCAL_ENV.ossEndpoint] || required(env, SYNC_ENV.ossEndpoint),
      bucket: required(env, SYNC_ENV.bucket),
      object: `${prefix}{instance}/{table}/{yyyy}{MM}{dd}/{HH}{mm}`,
      writeMode: 'truncate',
      fileFormat: env[SYNC_ENV.format]?.trim() || 'csv',
    },
  };
}

/** Loads the job config: payload source, else `OTS2OSS_CONFIG`, else the `SYNC_*` variables. */
export function loadJobConfig(source: JobSource | undefined, env: Env): JobConfig {
  if (source) return parseTriggerPayload(JSON.stringify(source)).config;
  if (env[CONFIG_ENV]?.trim()) return parseEnvConfig(env).config;
  return jobConfigFromValue(syncEnvConfigValue(env)).config;
}

/** `SYNC_START_AT`: where the job's first window starts (ISO-8601 or epoch ms); empty = latest due. */
export function startAtFromEnv(env: Env): number | undefined {
  const text = env[SYNC_ENV.startAt]?.trim();
  if (!text) return undefined;
  const ms = parseInstant(text);
  if (ms === undefined)
    throw new ConfigError(
      `${SYNC_ENV.startAt}: "${text}" is not an instant; e.g. 2026-01-01T00:00:00Z or 1767225600000`,
    );
  return ms;
}

/** ISO-8601 text or epoch ms (number or digits) → epoch ms; undefined when it is neither. */
export function parseInstant(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (/^\d+$/.test(value)) return parseInstant(Number(value));
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
