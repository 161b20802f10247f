/**
 * The real function set on the local cloud: the four functions built with `npm run build` into a
 * temp folder inside the project (the SDKs FC preinstalls resolve from node_modules), served by
 * the local FC server from a copy of the project's s.yaml whose vars point at the test's table
 * and bucket, next to the local Tablestore and OSS of the engine tests (`startEnv`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { start as startFc } from '../../../local/fc/index.js';
import { FcAdminClient, type InvocationRecord } from '../../../local/fc/admin-client.js';
import { DEFAULT_CREDENTIALS, type RunningServer } from '../../../local/contract.js';
import {
  BUCKET,
  TABLE,
  createTable,
  nextMinute,
  startEnv,
  type Env,
  type Workload,
} from '../export/helpers.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FUNCTIONS = ['backfill', 'dispatch', 'finalize', 'shard'] as const;
export const NAMES = {
  dispatch: 'tablestore-oss-sync-dispatch',
  shard: 'tablestore-oss-sync-shard',
  finalize: 'tablestore-oss-sync-finalize',
  backfill: 'tablestore-oss-sync-backfill',
} as const;
export const JOB = 'tablestore-oss-sync';
export const TOKEN = 'test-backfill-token-0123456789';

/** Builds the four bundles into `<dir>/dist/<fn>` with the project's build script. */
export function buildInto(dir: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['scripts/build.mjs', '--out-dir', join(dir, 'dist')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A temp folder under dist/ (inside the project, so bundles find node_modules). */
export function tempProjectDir(tag: string): string {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  return mkdtempSync(join(ROOT, 'dist', `.fn-${tag}-`));
}

export interface SYamlChanges {
  vars?: Record<string, string>;
  environment?: Record<string, string>;
}

/** Writes the project's s.yaml into `dir` with vars and (shared) environment entries replaced. */
export function writeSYaml(dir: string, changes: SYamlChanges): string {
  const doc = parseDocument(readFileSync(join(ROOT, 's.yaml'), 'utf8'));
  for (const [k, v] of Object.entries(changes.vars ?? {})) doc.setIn(['vars', k], v);
  // The environment map is one anchor shared by every function.
  for (const [k, v] of Object.entries(changes.environment ?? {}))
    doc.setIn(['resources', 'dispatch', 'props', 'environmentVariables', k], v);
  const path = join(dir, 's.yaml');
  writeFileSync(path, doc.toString());
  return path;
}

export interface FcEnv extends Env {
  fc: RunningServer;
  fcAdmin: FcAdminClient;
  fcEndpoint: string;
  dir: string;
}

export interface FcEnvOptions {
  intervalMinutes?: number;
  /** Timer speed-up of the local FC server. */
  timerSpeed?: number;
  faults?: string;
  environment?: Record<string, string>;
  /** Start the FC server (and its timers) only when `startFc()` is called. */
  deferFc?: boolean;
}

export interface FcEnvHandle {
  env: Env;
  dir: string;
  startFc(): Promise<FcEnv>;
  close(): Promise<void>;
}

/** Local Tablestore + OSS now, the FC server with the built functions when asked. */
export async function prepareFcEnv(options: FcEnvOptions = {}): Promise<FcEnvHandle> {
  const dir = tempProjectDir('it');
  let fc: RunningServer | undefined;
  let env: Env | undefined;
  const close = async () => {
    await fc?.close().catch(() => undefined);
    await env?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const built = buildInto(dir);
    if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
    env = await startEnv();
    const minutes = options.intervalMinutes ?? 1;
    const sYaml = writeSYaml(dir, {
      vars: {
        table: TABLE,
        bucket: BUCKET,
        intervalMinutes: String(minutes),
        schedule: `@every ${minutes}m`,
        lagSeconds: '0',
      },
      environment: { BACKFILL_TOKEN: TOKEN, ...options.environment },
    });
    const e = env;
    return {
      env: e,
      dir,
      close,
      startFc: async () => {
        fc = await startFc({
          port: 0,
          host: '127.0.0.1',
          credentials: DEFAULT_CREDENTIALS,
          instance: e.stack.info.tablestore!.instance,
          peers: { tablestore: e.stack.info.tablestore!, oss: e.stack.info.oss! },
          extra: {
            sYaml,
            timerSpeed: String(options.timerSpeed ?? 1),
            retryBaseMs: '50',
            ...(options.faults ? { faults: options.faults } : {}),
          },
        });
        return { ...e, fc, fcAdmin: new FcAdminClient(fc.info.endpoint), fcEndpoint: fc.info.endpoint, dir };
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

export interface Seeding {
  t0: number;
  phases: number;
  perPhase: number;
  /** Runs after each phase's writes, before the clock moves to the next minute. */
  onPhase?: (phase: number) => Promise<void> | void;
}

/**
 * A 4-shard table holding `phases` one-minute phases of `perPhase` changes from `t0` (written at
 * past times on the local clock), then the clock back to now.
 */
export async function seedPhases(env: Env, workload: Workload, seeding: Seeding): Promise<void> {
  const { t0, phases, perPhase, onPhase } = seeding;
  await createTable(env, 4);
  await env.admin.setClock(t0 + 1_000);
  workload.reset(t0);
  for (let phase = 0; phase < phases; phase++) {
    await workload.write(env, perPhase);
    if (onPhase) await onPhase(phase);
    await nextMinute(env);
  }
  await env.admin.setClock(Date.now());
}

/** Polls `check` until it returns a value or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Every line a function logged, parsed (pino JSON), across its invocations. */
export function logLines(records: readonly InvocationRecord[]): Record<string, unknown>[] {
  return records.flatMap((r) =>
    r.logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return { ...(JSON.parse(l) as Record<string, unknown>), requestId: r.requestId };
        } catch {
          return {};
        }
      }),
  );
}

/** The environment the functions see (s.yaml's, with the test vars), to build deps in the test process. */
export function functionEnv(env: Env): Record<string, string> {
  const t = env.stack.info.tablestore!;
  const o = env.stack.info.oss!;
  return {
    SYNC_INSTANCE: t.instance,
    SYNC_TABLE: TABLE,
    SYNC_BUCKET: BUCKET,
    SYNC_PREFIX: 'tablestore-export/',
    SYNC_FORMAT: 'csv',
    SYNC_STATUS_TABLE: 'tablestore_oss_sync_status',
    SYNC_INTERVAL_MINUTES: '1',
    SYNC_LAG_SECONDS: '0',
    TABLESTORE_ENDPOINT: t.endpoint,
    OSS_ENDPOINT: o.endpoint,
  };
}

/** An FC-like context carrying the local keys (what the FC server hands a function). */
export function localContext(env: Env, requestId = 'test-request'): Record<string, unknown> {
  const t = env.stack.info.tablestore!;
  return {
    requestId,
    accountId: '1234567890123456',
    region: 'cn-hangzhou',
    credentials: { accessKeyId: t.accessKeyId, accessKeySecret: t.accessKeySecret, securityToken: '' },
  };
}

/** An invoker that records what would be sent instead of sending it. */
export class RecordingInvoker {
  readonly sent: { functionName: string; payload: unknown }[] = [];
  async invokeAsync(functionName: string, payload: unknown) {
    this.sent.push({ functionName, payload: JSON.parse(JSON.stringify(payload)) });
    return { requestId: `rec-${this.sent.length}` };
  }
  async invokeSync(functionName: string, payload: unknown): Promise<unknown> {
    return this.invokeAsync(functionName, payload);
  }
}
