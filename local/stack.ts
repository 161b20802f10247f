/** Starts a set of local servers in dependency order (tablestore, oss, fc) and stops them together. */
import { join } from 'node:path';
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_INSTANCE,
  PORT_OFFSETS,
  SERVER_NAMES,
  type LocalCredentials,
  type RunningServer,
  type ServerInfo,
  type ServerName,
  type StartServer,
} from './contract.js';

export interface StackOptions {
  only?: readonly ServerName[];
  /** Port base N (tablestore N, oss N+1, fc N+2); 0 = any free ports (tests). */
  portBase?: number;
  dataDir?: string;
  instance?: string;
  credentials?: LocalCredentials;
  host?: string;
  extra?: Record<string, string | boolean | undefined>;
}

export interface LocalStack {
  info: Partial<Record<ServerName, ServerInfo>>;
  close(): Promise<void>;
}

// Each server is loaded only when asked for, so starting one never pays for the others.
async function loadServer(name: ServerName): Promise<StartServer> {
  const module = (await import(`./${name}/index.js`)) as { start: StartServer };
  return module.start;
}

export async function startLocalStack(options: StackOptions = {}): Promise<LocalStack> {
  const only = options.only ?? SERVER_NAMES;
  const portBase = options.portBase ?? 0;
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const instance = options.instance ?? DEFAULT_INSTANCE;
  const running: RunningServer[] = [];
  const info: Partial<Record<ServerName, ServerInfo>> = {};
  const close = async () => {
    for (const server of running.reverse()) await server.close();
  };
  try {
    for (const name of SERVER_NAMES.filter((n) => only.includes(n))) {
      const start = await loadServer(name);
      const server = await start({
        port: portBase === 0 ? 0 : portBase + PORT_OFFSETS[name],
        host: options.host ?? '127.0.0.1',
        dataDir: options.dataDir ? join(options.dataDir, name) : undefined,
        credentials,
        instance,
        peers: { ...info } as Record<string, ServerInfo>,
        extra: options.extra ?? {},
      });
      running.push(server);
      info[name] = server.info;
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { info, close };
}
