/**
 * The local Function Compute server (`npm run local`, port N+2): serves the functions of an s.yaml
 * (default: the project's own; `--s-yaml PATH` for another, code paths relative to that file).
 *
 * Options from `extra` (or env): sYaml, timerSpeed (LOCAL_FC_TIMER_SPEED), accountId
 * (LOCAL_FC_ACCOUNT_ID), faults (LOCAL_FC_FAULTS, e.g. `duplicate=0.3,reorder=0.3,seed=7`),
 * asyncConcurrency (LOCAL_FC_ASYNC_CONCURRENCY), maxInstances, retryBaseMs, echoLogs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { LocalServerOptions, RunningServer, ServerInfo, StartServer } from '../contract.js';
import { parseFaults } from './faults.js';
import { createRouter } from './router.js';
import { LocalFc } from './runtime.js';
import { loadSYaml } from './syaml.js';
import { TimerScheduler } from './timers.js';

export const DEFAULT_S_YAML = fileURLToPath(new URL('../../s.yaml', import.meta.url));
export const DEFAULT_ACCOUNT_ID = '1234567890123456';

const opt = (options: LocalServerOptions, key: string, envName: string): string | undefined => {
  const v = options.extra[key] ?? process.env[envName];
  return v === undefined || v === false ? undefined : String(v);
};

const num = (value: string | undefined, fallback: number, name: string, min = 0): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`local fc: ${name} must be a number >= ${min}, got "${value}"`);
  return n;
};

/** LOCAL_<PEER>_ENDPOINT, _INSTANCE, _ACCESS_KEY_ID, _ACCESS_KEY_SECRET (+ other string fields) per peer. */
export function peerEnv(peers: Record<string, ServerInfo>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, info] of Object.entries(peers)) {
    for (const [key, value] of Object.entries(info)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
      env[`LOCAL_${name.toUpperCase()}_${snake}`] = String(value);
    }
  }
  return env;
}

export const start: StartServer = async (options: LocalServerOptions): Promise<RunningServer> => {
  const accountId = opt(options, 'accountId', 'LOCAL_FC_ACCOUNT_ID') ?? DEFAULT_ACCOUNT_ID;
  const project = loadSYaml(opt(options, 'sYaml', 'LOCAL_FC_S_YAML') ?? DEFAULT_S_YAML, { accountId });
  const speed = num(opt(options, 'timerSpeed', 'LOCAL_FC_TIMER_SPEED'), 1, 'timer speed', Number.MIN_VALUE);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${options.host}:${port}`;
  const fc = new LocalFc({
    functions: project.functions,
    accountId,
    credentials: options.credentials,
    localEnv: {
      ...peerEnv(options.peers),
      LOCAL_FC_ENDPOINT: endpoint,
      LOCAL_FC_ACCOUNT_ID: accountId,
      LOCAL_INSTANCE: options.instance,
    },
    maxInstances: num(opt(options, 'maxInstances', 'LOCAL_FC_MAX_INSTANCES'), 16, 'maxInstances', 1),
    idleTimeoutMs: num(
      opt(options, 'idleTimeoutMs', 'LOCAL_FC_IDLE_TIMEOUT_MS'),
      60_000,
      'idleTimeoutMs',
      100,
    ),
    echoLogs: Boolean(opt(options, 'echoLogs', 'LOCAL_FC_ECHO_LOGS')),
    queue: {
      concurrency: num(
        opt(options, 'asyncConcurrency', 'LOCAL_FC_ASYNC_CONCURRENCY'),
        8,
        'asyncConcurrency',
        1,
      ),
      retryBaseMs: num(opt(options, 'retryBaseMs', 'LOCAL_FC_RETRY_BASE_MS'), 500, 'retryBaseMs'),
      retryMaxMs: 30_000,
      faults: parseFaults(opt(options, 'faults', 'LOCAL_FC_FAULTS')),
    },
  });
  const timers = new TimerScheduler(fc, speed);
  const credentials = [options.credentials, ...Object.values(options.peers)].map(
    (c) => [c.accessKeyId, c.accessKeySecret] as const,
  );
  const secrets = new Map<string, string>(credentials);
  server.on('request', createRouter({ fc, timers, secretOf: (ak) => secrets.get(ak) }));
  server.keepAliveTimeout = 5000;
  timers.start();

  const first = [...project.functions.values()][0];
  return {
    info: {
      endpoint,
      instance: options.instance,
      accessKeyId: options.credentials.accessKeyId,
      accessKeySecret: options.credentials.accessKeySecret,
      accountId,
      region: first?.region ?? 'cn-hangzhou',
      sYaml: project.file,
      functions: [...project.functions.keys()],
      httpTriggerBase: `${endpoint}/http/`,
      adminBase: `${endpoint}/_local/`,
    },
    close: async () => {
      timers.stop();
      await fc.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
