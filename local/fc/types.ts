/** What the local FC server knows about one function, as read from s.yaml (see `syaml.ts`). */
import type { Schedule } from './cron.js';

export interface AsyncInvokeConfig {
  /** Retries after the first attempt (FC: `maxAsyncRetryAttempts`, default 3). */
  maxRetries: number;
  /** Events older than this are dropped to the on-failure destination (default 18000 s). */
  maxEventAgeSec: number;
  onSuccess?: string;
  onFailure?: string;
}

export interface TimerTrigger {
  name: string;
  expression: string;
  schedule: Schedule;
  enabled: boolean;
  payload?: string;
}

export interface HttpTrigger {
  name: string;
  authType: 'anonymous' | 'function' | 'jwt';
  methods: string[];
}

export interface FunctionSpec {
  /** The s.yaml resource key, e.g. `shard`. */
  resource: string;
  name: string;
  region: string;
  runtime: string;
  /** Absolute path of the code directory. */
  codeDir: string;
  /** `file.export`, e.g. `index.handler`. */
  handler: string;
  timeoutSec: number;
  memoryMB: number;
  environment: Record<string, string>;
  role?: string;
  asyncConfig: AsyncInvokeConfig;
  timers: TimerTrigger[];
  http: HttpTrigger[];
  /** Triggers FC knows that this server does not emulate (oss, log, ...): listed, never fired. */
  otherTriggers: { name: string; type: string }[];
}

export interface SYamlProject {
  file: string;
  name: string;
  functions: Map<string, FunctionSpec>;
}
