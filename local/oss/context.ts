/** What an action is handed: the parsed request, the verified target, the store and the clock. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryParam } from './request.js';
import type { OssStore } from './store/ossStore.js';

export interface ServerSettings {
  region: string;
  /** Clock in ms; tests of conditionals rely on one clock for Date and Last-Modified. */
  now: () => number;
}

export interface OssContext {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  query: readonly QueryParam[];
  bucket: string;
  key: string;
  store: OssStore;
  settings: ServerSettings;
  /** Time of this request, whole seconds (Date header and any Last-Modified it writes). */
  nowMs: number;
  /** Set once the request body has been read or piped, so errors need not drain it. */
  bodyUsed: boolean;
}

export function param(ctx: OssContext, name: string): string | undefined {
  return ctx.query.find((p) => p.key === name)?.value;
}

export function hasParam(ctx: OssContext, name: string): boolean {
  return ctx.query.some((p) => p.key === name);
}

export function header(ctx: OssContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
