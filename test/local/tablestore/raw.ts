/** Raw HTTP to the local Tablestore, signed like the SDK signs (for requests the SDK cannot make). */
import { createHash, createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { DEFAULT_CREDENTIALS } from '../../../local/contract.js';
import { INSTANCE } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const sdkProto: any = createRequire(import.meta.url)(
  'tablestore/lib/protocol/tablestore_compiled_proto.js',
).main.proto;

export interface RawOptions {
  method?: string;
  secret?: string;
  md5?: string;
  /** Headers to add or (value undefined) to drop before signing. */
  headers?: Record<string, string | undefined>;
}

// node:http with a keep-alive agent: cheaper per call than fetch, which matters for the fuzz test.
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

export interface RawResponse {
  status: number;
  body: Buffer;
  headers: { get(name: string): string | null };
}

export async function rawCall(
  endpoint: string,
  action: string,
  body: Uint8Array,
  o: RawOptions = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    'x-ots-apiversion': '2015-12-31',
    'x-ots-instancename': INSTANCE,
    'x-ots-contentmd5': o.md5 ?? createHash('md5').update(body).digest('base64'),
    'x-ots-date': new Date().toISOString(),
    'x-ots-accesskeyid': DEFAULT_CREDENTIALS.accessKeyId,
  };
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (v === undefined) delete headers[k];
    else headers[k] = v;
  }
  const canonical = Object.keys(headers)
    .filter((k) => k.startsWith('x-ots-'))
    .sort()
    .map((k) => `${k}:${headers[k]}\n`)
    .join('');
  headers['x-ots-signature'] = createHmac('sha1', o.secret ?? DEFAULT_CREDENTIALS.accessKeySecret)
    .update(`/${action}\nPOST\n\n${canonical}`)
    .digest('base64');
  const method = o.method ?? 'POST';
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}/${action}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const h = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          headers: { get: (name: string) => (h[name.toLowerCase()] as string | undefined) ?? null },
        });
      });
    });
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : body);
  });
}

/** The OTS `Error{code, message}` of an error response body. */
export function wireError(body: Buffer): { code: string; message: string } {
  return sdkProto.Error.decode(body);
}
