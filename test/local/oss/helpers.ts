/**
 * Test helpers: a local OSS server on a free port and real `ali-oss` clients in the addressing
 * forms and signature versions the server must accept, plus a raw signed-request helper built on
 * ali-oss's own signing code (so raw cases are signed exactly as the client would sign them).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import OSS from 'ali-oss';
import { DEFAULT_CREDENTIALS, type RunningServer } from '../../../local/contract.js';
import { start } from '../../../local/oss/index.js';

export const CREDS = DEFAULT_CREDENTIALS;

export interface ClientConfig {
  name: string;
  /** 'ip' = http://127.0.0.1:port (bucket in Host); 'localhost' = http://localhost:port + sldEnable (path-style). */
  addressing: 'ip' | 'ip-sld' | 'localhost';
  v4: boolean;
}

export const CONFIGS: readonly ClientConfig[] = [
  { name: 'IP endpoint, V1', addressing: 'ip', v4: false },
  { name: 'IP endpoint, V4', addressing: 'ip', v4: true },
  { name: 'localhost + sldEnable, V1', addressing: 'localhost', v4: false },
  { name: 'localhost + sldEnable, V4', addressing: 'localhost', v4: true },
];

export async function startOss(dataDir?: string): Promise<RunningServer & { port: number }> {
  const server = await start({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    credentials: CREDS,
    instance: 'test-instance',
    peers: {},
    extra: {},
  });
  return { ...server, port: Number(new URL(server.info.endpoint).port) };
}

export function clientFor(
  port: number,
  config: ClientConfig,
  bucket: string,
  extra: Record<string, unknown> = {},
): OSS {
  const endpoint =
    config.addressing === 'localhost' ? `http://localhost:${port}` : `http://127.0.0.1:${port}`;
  return new OSS({
    endpoint,
    accessKeyId: CREDS.accessKeyId,
    accessKeySecret: CREDS.accessKeySecret,
    bucket,
    authorizationV4: config.v4,
    ...(config.addressing === 'ip' ? {} : { sldEnable: true }),
    ...extra,
  } as OSS.Options);
}

interface SignUtils {
  buildCanonicalString(
    method: string,
    resource: string,
    request: { headers: Record<string, string>; parameters?: unknown },
  ): string;
  computeSignature(secret: string, canonical: string): string;
}
const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as SignUtils;

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method: string;
  /** Raw path after the bucket, already URL-encoded, e.g. `dir/a%20b`. */
  path: string;
  bucket?: string;
  /** Raw query string without `?`. */
  query?: string;
  /** Sub-resources to sign (ali-oss `subres` form). */
  subres?: Record<string, string | null>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Overrides the secret used to sign (bad-signature cases); null = send unsigned. */
  secret?: string | null;
  /** Key to put in the canonical resource when it differs from decodeURIComponent(path). */
  resourceKey?: string;
}

/** A V1-signed path-style request to 127.0.0.1, signed by ali-oss's own signUtils. */
export function rawRequest(port: number, r: RawRequest): Promise<RawResponse> {
  const bucket = r.bucket ?? '';
  const headers: Record<string, string> = { 'x-oss-date': new Date().toUTCString(), ...r.headers };
  const key = r.resourceKey ?? decodeURIComponent(r.path);
  const resource = bucket === '' ? '/' : `/${bucket}/${key}`;
  if (r.secret !== null) {
    const canonical = signUtils.buildCanonicalString(r.method, resource, { headers, parameters: r.subres });
    headers.authorization = `OSS ${CREDS.accessKeyId}:${signUtils.computeSignature(r.secret ?? CREDS.accessKeySecret, canonical)}`;
  }
  const body = r.body === undefined ? undefined : Buffer.from(r.body);
  if (body && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  const path = bucket === '' ? '/' : `/${bucket}/${r.path}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: r.method,
        path: r.query ? `${path}?${r.query}` : path,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The text of one element of an XML reply (first occurrence). */
export function xmlField(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];
}

let counter = 0;
/** A fresh valid bucket name. */
export const bucketName = (label: string) => `${label}-${process.pid}-${++counter}`.toLowerCase();
