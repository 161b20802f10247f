/**
 * The contract every local server (Tablestore, OSS, FC) keeps so that `npm run local` can start
 * any subset of them and print one READY line. Each server lives in `local/<name>/index.ts` and
 * exports `start(options): Promise<RunningServer>`.
 */
export interface LocalCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface LocalServerOptions {
  /** Port to listen on (0 = any free port, for tests). */
  port: number;
  /** Listen address; always loopback unless a test says otherwise. */
  host: string;
  /** Persist state under this folder (server-specific subfolder); in memory when absent. */
  dataDir?: string;
  credentials: LocalCredentials;
  /** Tablestore instance name the server accepts. */
  instance: string;
  /** READY info of the servers started before this one (FC passes them to functions). */
  peers: Record<string, ServerInfo>;
  /** Server-specific flags from the command line, e.g. `--s-yaml` for fc. */
  extra: Record<string, string | boolean | undefined>;
}

/** What the READY line prints for one server. */
export interface ServerInfo {
  endpoint: string;
  instance: string;
  accessKeyId: string;
  accessKeySecret: string;
  [key: string]: unknown;
}

export interface RunningServer {
  info: ServerInfo;
  close(): Promise<void>;
}

export type StartServer = (options: LocalServerOptions) => Promise<RunningServer>;

export const SERVER_NAMES = ['tablestore', 'oss', 'fc'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** Port offsets from `--port-base`: tablestore N, oss N+1, fc N+2. */
export const PORT_OFFSETS: Record<ServerName, number> = { tablestore: 0, oss: 1, fc: 2 };

export const DEFAULT_PORT_BASE = 8800;
export const DEFAULT_INSTANCE = 'local-instance';
export const DEFAULT_CREDENTIALS: LocalCredentials = {
  accessKeyId: 'local-access-key-id',
  accessKeySecret: 'local-access-key-secret',
};
