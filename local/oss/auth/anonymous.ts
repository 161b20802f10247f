/**
 * Requests without credentials, as OSS serves them: allowed only where an ACL makes the resource
 * public. Reads need `public-read` (or `public-read-write`) on the object, or on the bucket when
 * the object's ACL is `default`; writes need `public-read-write`. Everything else is AccessDenied.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { QueryParam } from '../request.js';
import type { OssStore } from '../store/ossStore.js';

const READS = new Set(['GetObject', 'HeadObject', 'GetObjectMeta']);
const BUCKET_READS = new Set(['ListObjects', 'ListObjectsV2']);
const WRITES = new Set(['PutObject', 'AppendObject', 'DeleteObject']);
const PUBLIC_READ = new Set(['public-read', 'public-read-write']);

/** True when the request carries no signature of any kind. */
export function isAnonymous(headers: IncomingHttpHeaders, query: readonly QueryParam[]): boolean {
  return (
    headers.authorization === undefined &&
    !query.some((p) => p.key === 'OSSAccessKeyId' || p.key === 'x-oss-signature-version')
  );
}

export function anonymousAllowed(store: OssStore, op: string, bucket: string, key: string): boolean {
  const state = store.bucket(bucket);
  if (!state) return false;
  const bucketAcl = state.record.acl;
  if (BUCKET_READS.has(op)) return PUBLIC_READ.has(bucketAcl);
  const objectAcl = state.objects.get(key)?.acl ?? 'default';
  const effective = objectAcl === 'default' ? bucketAcl : objectAcl;
  if (READS.has(op)) return PUBLIC_READ.has(effective);
  if (WRITES.has(op)) return effective === 'public-read-write';
  return false;
}
