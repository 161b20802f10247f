/**
 * Building the ali-oss client and the small translations around it: request headers for our put
 * options, response header reads, and SDK errors stripped of their signed request params.
 */
import OSS from 'ali-oss';
import type { PutOptions } from './sink.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the client's results and errors are read untyped; `any` stays in these two files */

export interface OssClientOptions {
  /** `https://oss-cn-hangzhou.aliyuncs.com`, or `http://127.0.0.1:PORT` for the local server. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  accessKeySecret: string;
  stsToken?: string;
  region?: string;
  timeoutMs?: number;
}

/** Builds an ali-oss client; the credentials go to the SDK only, never into logs or errors. */
export function createOssClient(options: OssClientOptions): any {
  const config: OSS.Options = {
    endpoint: options.endpoint,
    bucket: options.bucket,
    accessKeyId: options.accessKeyId,
    accessKeySecret: options.accessKeySecret,
    timeout: options.timeoutMs ?? 120_000,
  };
  if (options.stsToken) config.stsToken = options.stsToken;
  if (options.region) config.region = options.region;
  return new OSS(config);
}

/** The SDK error without its request params (signed headers), safe to log as a cause. */
export function sanitize(raw: any): any {
  const err: any = new Error(String(raw?.message ?? raw).split('\n')[0]);
  for (const field of ['name', 'code', 'status', 'requestId', 'ecCode'])
    if (raw?.[field] !== undefined) err[field] = raw[field];
  return err;
}

export function headerOf(res: any, name: string): string | undefined {
  const value = res?.headers?.[name];
  return value === undefined || value === null ? undefined : String(value);
}

export function headers(options: PutOptions = {}): Record<string, string> {
  const h: Record<string, string> = {};
  if (options.forbidOverwrite) h['x-oss-forbid-overwrite'] = 'true';
  if (options.contentType) h['Content-Type'] = options.contentType;
  return h;
}
