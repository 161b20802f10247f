/** Bucket operations: create (PutBucket and PutBucketAcl), info, location, ACL, delete, list all. */
import type { OssContext } from '../context.js';
import { header, param } from '../context.js';
import { readSmallBody } from '../body.js';
import { invalidArgument, malformedXml, OssError } from '../errors.js';
import { checkBucketName } from '../names.js';
import { isoDate } from '../objectHeaders.js';
import { sendEmpty, sendXml } from '../respond.js';
import type { BucketRecord } from '../store/types.js';
import { parseXml, textOf } from '../xml.js';
import { encoderFor, listPage, maxOf, sortedBy } from './listing.js';
import { OWNER, requireBucket } from './shared.js';

const ACLS = ['private', 'public-read', 'public-read-write'];

function aclHeader(ctx: OssContext): string | undefined {
  const acl = header(ctx, 'x-oss-acl');
  if (acl !== undefined && !ACLS.includes(acl))
    throw invalidArgument('no such bucket access control exists', 'x-oss-acl', acl);
  return acl;
}

export async function putBucket(ctx: OssContext): Promise<void> {
  checkBucketName(ctx.bucket);
  const acl = aclHeader(ctx);
  const body = await readSmallBody(ctx);
  let storageClass = 'Standard';
  let redundancy = 'LRS';
  if (body.length > 0) {
    const config = parseXml(body).CreateBucketConfiguration;
    if (config === undefined) throw malformedXml();
    storageClass = textOf(config, 'StorageClass') ?? storageClass;
    redundancy = textOf(config, 'DataRedundancyType') ?? redundancy;
  }
  const existing = ctx.store.bucket(ctx.bucket)?.record;
  const record: BucketRecord = existing
    ? { ...existing, acl: acl ?? existing.acl }
    : { name: ctx.bucket, created: ctx.nowMs, acl: acl ?? 'private', storageClass, redundancy };
  await ctx.store.putBucket(record);
  sendEmpty(ctx, 200, { Location: `/${ctx.bucket}` });
}

/** PUT /?acl sets the ACL, creating the bucket when missing (as OSS does). */
export async function putBucketAcl(ctx: OssContext): Promise<void> {
  checkBucketName(ctx.bucket);
  const acl = aclHeader(ctx) ?? 'private';
  const existing = ctx.store.bucket(ctx.bucket)?.record;
  const record = existing
    ? { ...existing, acl }
    : { name: ctx.bucket, created: ctx.nowMs, acl, storageClass: 'Standard', redundancy: 'LRS' };
  await ctx.store.putBucket(record);
  sendEmpty(ctx, 200, { Location: `/${ctx.bucket}` });
}

export async function getBucketAcl(ctx: OssContext): Promise<void> {
  const { record } = requireBucket(ctx);
  sendXml(ctx, 'AccessControlPolicy', { Owner: OWNER, AccessControlList: { Grant: record.acl } });
}

export async function getBucketInfo(ctx: OssContext): Promise<void> {
  const { record } = requireBucket(ctx);
  const region = ctx.settings.region;
  sendXml(ctx, 'BucketInfo', {
    Bucket: {
      AccessMonitor: 'Disabled',
      CreationDate: isoDate(record.created),
      ExtranetEndpoint: `${region}.aliyuncs.com`,
      IntranetEndpoint: `${region}-internal.aliyuncs.com`,
      Location: region,
      Name: record.name,
      StorageClass: record.storageClass,
      DataRedundancyType: record.redundancy,
      Owner: OWNER,
      AccessControlList: { Grant: record.acl },
    },
  });
}

export async function getBucketLocation(ctx: OssContext): Promise<void> {
  requireBucket(ctx);
  sendXml(ctx, 'LocationConstraint', ctx.settings.region);
}

export async function deleteBucket(ctx: OssContext): Promise<void> {
  const state = requireBucket(ctx);
  if (state.objects.size > 0 || state.uploads.size > 0) {
    throw new OssError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', {
      BucketName: ctx.bucket,
    });
  }
  await ctx.store.deleteBucket(ctx.bucket);
  sendEmpty(ctx, 204);
}

export async function listBuckets(ctx: OssContext): Promise<void> {
  const prefix = param(ctx, 'prefix') ?? '';
  const marker = param(ctx, 'marker') ?? '';
  const maxKeys = maxOf(ctx, 'max-keys', 100);
  encoderFor(ctx);
  const records = sortedBy(
    [...ctx.store.buckets.values()].map((b) => b.record),
    (b) => b.name,
  );
  const page = listPage(records, (b) => b.name, { prefix, delimiter: '', marker, maxKeys });
  const region = ctx.settings.region;
  sendXml(ctx, 'ListAllMyBucketsResult', {
    Prefix: prefix,
    Marker: marker,
    MaxKeys: maxKeys,
    IsTruncated: page.truncated,
    NextMarker: page.truncated ? page.last : undefined,
    Owner: OWNER,
    Buckets: {
      Bucket: page.items.map((b) => ({
        Name: b.name,
        Location: region,
        CreationDate: isoDate(b.created),
        StorageClass: b.storageClass,
        Region: region.replace(/^oss-/, ''),
        ExtranetEndpoint: `${region}.aliyuncs.com`,
        IntranetEndpoint: `${region}-internal.aliyuncs.com`,
      })),
    },
  });
}
