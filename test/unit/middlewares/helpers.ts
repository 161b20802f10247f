/** Test helpers: an in-memory log destination and FC-shaped events and contexts. */
import type { FcContext } from '../../../shared/middlewares/fc-types.js';

export interface MemoryDestination {
  write(line: string): void;
  lines: string[];
  records(): Record<string, unknown>[];
  text(): string;
}

export function memoryDestination(): MemoryDestination {
  const lines: string[] = [];
  return {
    lines,
    write: (line) => void lines.push(line),
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => lines.join(''),
  };
}

export function fcContext(overrides: Partial<FcContext> = {}): FcContext {
  return {
    requestId: 'req-1f2e3d',
    accountId: '1234567890',
    region: 'cn-hangzhou',
    credentials: {
      accessKeyId: 'STS.test-id',
      accessKeySecret: 'sts-secret-value',
      securityToken: 'sts-token-value',
    },
    function: { name: 'backfill', handler: 'index.handler', memory: 512, timeout: 60 },
    ...overrides,
  };
}

/** The Buffer FC hands an HTTP-triggered handler (reference §3.3). */
export function httpEventBuffer(input: {
  method: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 'v1',
      rawPath: input.path ?? '/backfills',
      body: input.body ?? '',
      isBase64Encoded: input.isBase64Encoded ?? false,
      headers: input.headers ?? {},
      queryParameters: {},
      requestContext: {
        accountId: '1234567890',
        domainName: 'example.cn-hangzhou.fcapp.run',
        requestId: 'req-1f2e3d',
        http: {
          method: input.method,
          path: input.path ?? '/backfills',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
        },
      },
    }),
  );
}
