/**
 * The shapes Function Compute (3.0, built-in Node runtimes) hands a handler and expects back.
 * FC ships no types; these follow reference/fc-serverless-devs.md §3.
 */
import type { Logger } from './logger.js';

export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The `context` argument of an FC handler, plus what our middlewares add. */
export interface FcContext {
  requestId: string;
  credentials?: FcCredentials;
  function?: { name?: string; handler?: string; memory?: number; timeout?: number };
  service?: { name?: string; logProject?: string; logStore?: string; qualifier?: string; versionId?: string };
  region?: string;
  accountId?: string;
  /** FC's own line logger; ours is `log`. */
  logger?: unknown;
  /** Added by `remainingTime()`: ms left before FC stops this invocation. */
  getRemainingTimeInMillis?: () => number;
  /** Added by `requestLogger()`: a child logger bound to this request id. */
  log?: Logger;
  [key: string]: unknown;
}

/** The event of an FC 3.0 HTTP trigger, once the Buffer is parsed (§3.3). */
export interface FcHttpEvent<TBody = unknown> {
  version?: string;
  rawPath?: string;
  body?: TBody;
  isBase64Encoded?: boolean;
  headers: Record<string, string>;
  queryParameters?: Record<string, string>;
  requestContext?: {
    accountId?: string;
    domainName?: string;
    requestId?: string;
    time?: string;
    timeEpoch?: string;
    http?: { method?: string; path?: string; protocol?: string; sourceIp?: string; userAgent?: string };
  };
}

/** What an HTTP-triggered handler returns. */
export interface FcHttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  body?: string;
}

/** The event of a timer trigger: `payload` is the trigger's raw payload string (§3.2). */
export interface FcTimerEvent {
  triggerTime: string;
  triggerName: string;
  payload?: string;
}
