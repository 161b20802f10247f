/**
 * The dispatch table (reference §3.18): level × method × sub-resources → operation. A request's
 * routing sub-resources are its signed sub-resources minus the ones that only modify an operation
 * (versionId, response-*, continuation-token…); they must cover a rule's `sub` and stay within
 * `sub` + `optional`. Sub-resources no rule knows → 501 NotImplemented.
 */
import type { OssContext } from './context.js';
import { OssError, notImplemented } from './errors.js';
import { SIGNED_SUBRESOURCES } from './auth/subresources.js';

export type Level = 'service' | 'bucket' | 'object';

export interface RouteRule {
  level: Level;
  method: string;
  sub: readonly string[];
  optional?: readonly string[];
  /** Only when `x-oss-copy-source` is present (true) or absent (false). */
  copy?: boolean;
  /** Only when `list-type=2` is present (true) or absent (false). */
  listV2?: boolean;
  op: string;
}

export const ROUTES: readonly RouteRule[] = [
  { level: 'service', method: 'GET', sub: [], op: 'ListBuckets' },
  { level: 'bucket', method: 'PUT', sub: ['acl'], op: 'PutBucketAcl' },
  { level: 'bucket', method: 'PUT', sub: [], op: 'PutBucket' },
  { level: 'bucket', method: 'GET', sub: ['bucketInfo'], op: 'GetBucketInfo' },
  { level: 'bucket', method: 'GET', sub: ['location'], op: 'GetBucketLocation' },
  { level: 'bucket', method: 'GET', sub: ['acl'], op: 'GetBucketAcl' },
  { level: 'bucket', method: 'GET', sub: ['uploads'], op: 'ListMultipartUploads' },
  { level: 'bucket', method: 'GET', sub: [], listV2: true, op: 'ListObjectsV2' },
  { level: 'bucket', method: 'GET', sub: [], listV2: false, op: 'ListObjects' },
  { level: 'bucket', method: 'POST', sub: ['delete'], op: 'DeleteMultipleObjects' },
  { level: 'bucket', method: 'DELETE', sub: [], op: 'DeleteBucket' },
  { level: 'object', method: 'PUT', sub: ['partNumber', 'uploadId'], copy: true, op: 'UploadPartCopy' },
  { level: 'object', method: 'PUT', sub: ['partNumber', 'uploadId'], copy: false, op: 'UploadPart' },
  { level: 'object', method: 'PUT', sub: ['acl'], op: 'PutObjectAcl' },
  { level: 'object', method: 'PUT', sub: [], copy: true, op: 'CopyObject' },
  { level: 'object', method: 'PUT', sub: [], copy: false, op: 'PutObject' },
  { level: 'object', method: 'POST', sub: ['uploads'], op: 'InitiateMultipartUpload' },
  { level: 'object', method: 'POST', sub: ['uploadId'], op: 'CompleteMultipartUpload' },
  { level: 'object', method: 'POST', sub: ['append'], optional: ['position'], op: 'AppendObject' },
  { level: 'object', method: 'GET', sub: ['uploadId'], op: 'ListParts' },
  { level: 'object', method: 'GET', sub: ['acl'], op: 'GetObjectAcl' },
  { level: 'object', method: 'GET', sub: [], op: 'GetObject' },
  { level: 'object', method: 'HEAD', sub: ['objectMeta'], op: 'GetObjectMeta' },
  { level: 'object', method: 'HEAD', sub: [], op: 'HeadObject' },
  { level: 'object', method: 'DELETE', sub: ['uploadId'], op: 'AbortMultipartUpload' },
  { level: 'object', method: 'DELETE', sub: [], op: 'DeleteObject' },
];

const MODIFIERS = new Set([
  'versionId',
  'x-oss-process',
  'x-oss-traffic-limit',
  'security-token',
  'continuation-token',
  'x-oss-request-payer',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

export function levelOf(ctx: Pick<OssContext, 'bucket' | 'key'>): Level {
  if (ctx.bucket === '') return 'service';
  return ctx.key === '' ? 'bucket' : 'object';
}

/** The operation name for a verified request, or the OSS error for an unroutable one. */
export function routeOf(ctx: OssContext): string {
  const level = levelOf(ctx);
  const subs = new Set(
    ctx.query.map((p) => p.key).filter((k) => SIGNED_SUBRESOURCES.has(k) && !MODIFIERS.has(k)),
  );
  const copy = ctx.req.headers['x-oss-copy-source'] !== undefined;
  const listV2 = ctx.query.some((p) => p.key === 'list-type' && p.value === '2');
  for (const rule of ROUTES) {
    if (rule.level !== level || rule.method !== ctx.method) continue;
    if (rule.copy !== undefined && rule.copy !== copy) continue;
    if (rule.listV2 !== undefined && rule.listV2 !== listV2) continue;
    if (!rule.sub.every((s) => subs.has(s))) continue;
    if (![...subs].every((s) => rule.sub.includes(s) || rule.optional?.includes(s))) continue;
    return rule.op;
  }
  if (subs.size > 0) throw notImplemented(`${ctx.method} with ?${[...subs].join('&')}`);
  throw new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    Method: ctx.method,
    ResourceType: level === 'object' ? 'Object' : level === 'bucket' ? 'Bucket' : 'Service',
  });
}
